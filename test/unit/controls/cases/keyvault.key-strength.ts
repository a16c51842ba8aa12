import type { CaseTable } from "../caseTable.ts";

const HSM = "keyvault/key-rsa-hsm-rotating.json";
const SOFTWARE = "keyvault/key-rsa-software-no-expiry.json";
const ec = (curveName: unknown) => ({ fixture: HSM, set: { "properties.kty": "EC-HSM", "properties.keySize": undefined, "properties.curveName": curveName } });

export default {
  fix: "none",
  cases: [
    { name: "accepts RSA 2048 below highly confidential", doc: SOFTWARE, classification: "confidential", status: "compliant" },
    { name: "asks 3072 bits for highly confidential data", doc: SOFTWARE, classification: "highly-confidential", status: "noncompliant", reason: /2048-bit/ },
    { name: "accepts RSA 3072 for highly confidential data", doc: HSM, classification: "highly-confidential", status: "compliant" },
    { name: "rejects RSA 1024", doc: { fixture: SOFTWARE, set: { "properties.keySize": 1024 } }, status: "noncompliant" },
    { name: "follows the policy's minimum", doc: HSM, params: { minRsaBits: 4096 }, status: "noncompliant" },
    { name: "accepts P-384", doc: ec("P-384"), status: "compliant" },
    { name: "rejects P-256K", doc: ec("P-256K"), status: "noncompliant" },
    { name: "says unknown without a size", doc: { fixture: SOFTWARE, set: { "properties.keySize": undefined } }, status: "unknown" },
    { name: "refuses a minimum below 2048", params: { minRsaBits: 1024 }, refused: ["minRsaBits"] },
  ],
} satisfies CaseTable;
