import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { applyChanges, CATALOG, controlById, controlsFor } from "../../../shared/controls/index.ts";
import type { FixParameters } from "../../../shared/controls/index.ts";
import { armFixture } from "./arm-fixtures.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

/** The ids and order of issues 2 and 3; a control added or renamed must show up here on purpose. */
const EXPECTED_IDS = [
  "storage.cmk",
  "storage.min-tls",
  "storage.https-only",
  "sql.tde",
  "sql.min-tls",
  "disk.cmk",
  "vm.encryption-at-host",
  "vm.confidential",
  "appservice.https-only",
  "appservice.min-tls",
  "storage.infrastructure-encryption",
  "sql.tde-cmk",
  "disk.double-encryption",
  "vm.trusted-launch",
  "keyvault.soft-delete",
  "keyvault.purge-protection",
  "keyvault.rbac",
  "keyvault.network",
  "keyvault.diagnostics",
  "appservice.ftps",
  "redis.min-tls",
  "redis.non-ssl-port",
  "postgresql.secure-transport",
  "postgresql.min-tls",
  "mysql.secure-transport",
  "mysql.min-tls",
  "cosmos.min-tls",
  "cosmos.cmk",
  "eventhub.min-tls",
  "servicebus.min-tls",
  "eventgrid.min-tls",
  "appgw.tls-policy",
];

const WORKSPACE = "/subscriptions/3f2a6c1e-8d4b-4a57-9a0e-2b7c9d1e5f60/resourceGroups/rg-monitor/providers/Microsoft.OperationalInsights/workspaces/log-security";
const DES = "/subscriptions/3f2a6c1e-8d4b-4a57-9a0e-2b7c9d1e5f60/resourceGroups/rg-keys/providers/Microsoft.Compute/diskEncryptionSets/des-cmk";
const STORAGE_KEY = {
  keyVaultUri: "https://kv-contoso-keys.vault.azure.net",
  keyName: "storage-wrap",
  userAssignedIdentityId: "/subscriptions/3f2a6c1e-8d4b-4a57-9a0e-2b7c9d1e5f60/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-storage-cmk",
};

/** For every fixable control: a non-compliant fixture and the parameters a policy would give. */
const FIX_CASES: Record<string, { fixture: string; params?: FixParameters }> = {
  "appgw.tls-policy": { fixture: "network/appgw-custom-cbc.json" },
  "appservice.ftps": { fixture: "web/site-config-filled.json" },
  "appservice.https-only": { fixture: "web/site-config-filled.json" },
  "appservice.min-tls": { fixture: "web/site-tls10-ftps-only.json" },
  "cosmos.min-tls": { fixture: "cosmos/account-tls10.json" },
  "disk.cmk": { fixture: "compute/disk-platform-key.json", params: { diskEncryptionSetId: DES } },
  "disk.double-encryption": { fixture: "compute/disk-no-encryption-block.json", params: { diskEncryptionSetId: DES } },
  "eventgrid.min-tls": { fixture: "eventgrid/topic-tls11.json" },
  "eventhub.min-tls": { fixture: "eventhub/namespace-tls10.json" },
  "keyvault.diagnostics": { fixture: "keyvault/vault-rbac-nulls.json", params: { workspaceId: WORKSPACE } },
  "keyvault.network": { fixture: "keyvault/vault-rbac-nulls.json" },
  "keyvault.purge-protection": { fixture: "keyvault/vault-firewall-soft-delete-off.json" },
  "keyvault.rbac": { fixture: "keyvault/vault-access-policies.json" },
  "keyvault.soft-delete": { fixture: "keyvault/vault-resource-graph.json" },
  "mysql.min-tls": { fixture: "mysql/tls-version-legacy-list.json" },
  "mysql.secure-transport": { fixture: "mysql/require-secure-transport-off.json" },
  "postgresql.min-tls": { fixture: "postgresql/ssl-min-protocol-tlsv1.1.json" },
  "postgresql.secure-transport": { fixture: "postgresql/require-secure-transport-off.json" },
  "redis.min-tls": { fixture: "redis/cache-tls10.json" },
  "redis.non-ssl-port": { fixture: "redis/cache-non-ssl-port.json" },
  "servicebus.min-tls": { fixture: "servicebus/namespace-tls11.json" },
  "sql.min-tls": { fixture: "sql/server-tls-none.json" },
  "sql.tde": { fixture: "sql/tde-2014-04-01-status.json" },
  "storage.cmk": { fixture: "storage/account-legacy-defaults.json", params: STORAGE_KEY },
  "storage.https-only": { fixture: "storage/account-legacy-defaults.json" },
  "storage.min-tls": { fixture: "storage/account-resource-graph.json" },
  "vm.encryption-at-host": { fixture: "compute/vm-standard.json" },
};

const STATUSES = ["compliant", "noncompliant", "not-applicable", "unknown", "exempt"];

function allFixtures(): string[] {
  const root = new URL("../../fixtures/arm/", import.meta.url);
  return readdirSync(root, { recursive: true, encoding: "utf8" }).filter((path) => path.endsWith(".json"));
}

/** The document with every value under `properties` replaced by `odd`, keeping the structure. */
function withEveryValue(doc: ArmDocument, odd: unknown): ArmDocument {
  const replace = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(replace);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, replace(inner)]));
    return odd;
  };
  return { ...doc, properties: replace(doc.properties) as Record<string, unknown>, diagnosticSettings: replace(doc.diagnosticSettings) };
}

describe("the catalog", () => {
  it("holds exactly the 32 controls of issues 2 and 3, each id once", () => {
    const ids = CATALOG.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...EXPECTED_IDS].sort());
  });

  it("is ordered by resource type, then id", () => {
    const keys = CATALOG.map((c) => `${(c.resourceTypes[0] ?? "").toLowerCase()} ${c.id}`);
    expect(keys).toEqual([...keys].sort((a, b) => a.localeCompare(b)));
  });

  it("gives every control a title, a resource type and the SE:07 reference", () => {
    for (const c of CATALOG) {
      expect(c.refs.waf, c.id).toBe("SE:07");
      expect(c.title.length, c.id).toBeGreaterThan(10);
      expect(c.resourceTypes.length, c.id).toBeGreaterThan(0);
      expect(controlById(c.id)).toBe(c);
    }
  });

  it("gives every control whose default decision is remediate a fix", () => {
    for (const c of CATALOG.filter((control) => control.defaultDecision === "remediate")) expect(c.fix, c.id).toBeDefined();
  });

  it("has a fix case for every fixable control and no case for a control without a fix", () => {
    const fixable = CATALOG.filter((c) => c.fix)
      .map((c) => c.id)
      .sort();
    expect(Object.keys(FIX_CASES).sort()).toEqual(fixable);
  });

  for (const [id, { fixture, params }] of Object.entries(FIX_CASES)) {
    it(`${id}: the planned changes turn ${fixture} compliant`, () => {
      const control = controlById(id);
      const doc = armFixture(fixture);
      expect(control?.evaluate(doc, { classification: "general" }).status).toBe("noncompliant");
      const proposal = control?.fix?.plan(doc, params ?? {});
      expect(proposal?.changes.length).toBeGreaterThan(0);
      expect(proposal?.summary).not.toBe("");
      const fixed = applyChanges(doc, proposal?.changes ?? []);
      expect(control?.evaluate(fixed, { classification: "general" }).status).toBe("compliant");
      expect(doc).toEqual(armFixture(fixture));
    });
  }

  it("matches documents by type in any casing and ignores other types", () => {
    expect(controlsFor({ id: "/x", type: "MICROSOFT.STORAGE/STORAGEACCOUNTS" }).map((c) => c.id)).toEqual([
      "storage.cmk",
      "storage.https-only",
      "storage.infrastructure-encryption",
      "storage.min-tls",
    ]);
    expect(controlsFor({ id: "/x", type: "Microsoft.Unknown/things" })).toEqual([]);
    expect(controlsFor({ id: "/x", type: 42 as unknown as string })).toEqual([]);
  });

  it("never throws and always answers a known status, whatever the values inside a real document", () => {
    for (const path of allFixtures()) {
      const doc = armFixture(path);
      for (const odd of [null, 0, 1, "", "garbage", true, false, [], {}]) {
        const mangled = withEveryValue(doc, odd);
        for (const control of CATALOG) {
          const verdict = control.evaluate(mangled, { classification: "general" });
          expect(STATUSES, `${control.id} on ${path} with ${JSON.stringify(odd)}`).toContain(verdict.status);
          expect(typeof verdict.evidence.path).toBe("string");
        }
      }
    }
  });
});
