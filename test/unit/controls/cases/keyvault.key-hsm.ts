import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "none",
  cases: [
    { name: "accepts an RSA-HSM key", doc: "keyvault/key-rsa-hsm-rotating.json", classification: "highly-confidential", status: "compliant" },
    {
      name: "accepts an EC-HSM key",
      doc: { fixture: "keyvault/key-rsa-hsm-rotating.json", set: { "properties.kty": "EC-HSM", "properties.keySize": undefined, "properties.curveName": "P-384" } },
      classification: "highly-confidential",
      status: "compliant",
    },
    { name: "rejects a software key", doc: "keyvault/key-rsa-software-no-expiry.json", classification: "highly-confidential", status: "noncompliant", evidence: { actual: "RSA" } },
    { name: "says unknown without a key type", doc: { fixture: "keyvault/key-rsa-hsm-rotating.json", set: { "properties.kty": undefined } }, classification: "highly-confidential", status: "unknown" },
    {
      name: "says unknown for a type it does not know",
      doc: { fixture: "keyvault/key-rsa-hsm-rotating.json", set: { "properties.kty": "PQ-LATTICE" } },
      classification: "highly-confidential",
      status: "unknown",
    },
  ],
} satisfies CaseTable;
