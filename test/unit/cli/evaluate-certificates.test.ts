import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDocuments } from "../../../cli/commands/evaluate.ts";
import { DEFAULT_POLICY } from "../../../shared/config/index.ts";
import { checkDocument, findingsOf } from "../../../shared/engine/index.ts";
import { fromAzCertificate } from "../../../shared/resources/index.ts";

/** `az keyvault certificate show -o json`, as the Azure CLI prints it (camelCase, times with an offset, nulls for what is unset). */
const SHOWN = readFileSync(new URL("../../fixtures/az/keyvault-certificate-show.json", import.meta.url), "utf8");
const VAULT = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/unknown/providers/Microsoft.KeyVault/vaults/kv-shop";

const statuses = (text: string, now: string) =>
  Object.fromEntries(
    parseDocuments(text, "az.json")
      .flatMap((doc) => findingsOf({ doc }, { policy: DEFAULT_POLICY, now: new Date(now) }))
      .map((f) => [f.controlId, f.status]),
  );

describe("evaluate on certificates exported with az keyvault certificate show", () => {
  it("maps the exported certificate onto the certificate document, filed under its vault", () => {
    const [doc] = parseDocuments(SHOWN, "az.json");
    expect(checkDocument(doc!)).toBeUndefined();
    expect(doc).toMatchObject({
      id: `${VAULT}/certificates/checkout-contoso-com`,
      type: "Microsoft.KeyVault/vaults/certificates",
      tags: { "data-classification": "confidential" },
      properties: {
        vault: { id: VAULT, name: "kv-shop", uri: "https://kv-shop.vault.azure.net/" },
        version: "7c1e2d3f4a5b46c7d8e9f0a1b2c3d4e5",
        attributes: { expires: "2027-01-05T09:22:44+00:00" },
        x509ThumbprintHex: "AB8C97DEF66DED09944E4AB6907DDBE559FDA74D",
        policy: { issuerParameters: { name: "Unknown" }, x509CertificateProperties: { subject: "CN=checkout.contoso.com", validityInMonths: 12 } },
      },
    });
    // Only known fields: the certificate's DER (`cer`) and ids of its key and secret are not carried.
    expect(JSON.stringify(doc)).not.toMatch(/"cer"|"kid"|"sid"/);
  });

  it("judges it with every certificate control, offline", () => {
    expect(statuses(SHOWN, "2026-12-20T00:00:00Z")).toEqual({
      "keyvault.certificate-expiry": "noncompliant",
      "keyvault.certificate-autorenew": "noncompliant",
      "keyvault.certificate-lifetime": "compliant",
      "keyvault.certificate-key": "compliant",
    });
    expect(statuses(SHOWN, "2026-06-01T00:00:00Z")["keyvault.certificate-expiry"]).toBe("compliant");
  });

  it("says unknown, never non-compliant, for what the export leaves out (az keyvault certificate list prints no policy)", () => {
    const listed = { ...JSON.parse(SHOWN), policy: undefined, attributes: { enabled: true } };
    expect(statuses(JSON.stringify([listed]), "2026-12-20T00:00:00Z")).toEqual({
      "keyvault.certificate-expiry": "unknown",
      "keyvault.certificate-autorenew": "unknown",
      "keyvault.certificate-lifetime": "unknown",
      "keyvault.certificate-key": "unknown",
    });
  });

  it("leaves anything else alone: ARM documents, other vault URLs, hostile ids", () => {
    for (const other of [
      { id: "/subscriptions/x/resourceGroups/y/providers/Microsoft.KeyVault/vaults/kv", type: "Microsoft.KeyVault/vaults" },
      { id: "https://kv-shop.vault.azure.net/secrets/s/1", attributes: {} },
      { id: "https://kv-shop.vault.azure.net/certificates/../../keys/k", attributes: {} },
      { id: "https://evil.example/certificates/c", attributes: {} },
      { id: "https://kv-shop.vault.azure.net/certificates/c" },
    ]) {
      expect(fromAzCertificate(other), other.id).toBeUndefined();
    }
  });
});
