import type { CaseTable } from "../caseTable.ts";

const CERT = "keyvault/certificate.json";
const key = (keyProperties: Record<string, unknown>) => ({ fixture: CERT, set: { "properties.policy.keyProperties": keyProperties } });

export default {
  fix: "none",
  cases: [
    { name: "accepts RSA 2048 for general data", doc: CERT, status: "compliant" },
    { name: "accepts RSA 3072 for highly-confidential data", doc: key({ keyType: "RSA-HSM", keySize: 3072 }), classification: "highly-confidential", status: "compliant" },
    { name: "accepts EC P-256", doc: key({ keyType: "EC", curve: "P-256" }), classification: "highly-confidential", status: "compliant" },
    { name: "accepts EC P-384", doc: key({ keyType: "EC-HSM", curve: "P-384" }), status: "compliant" },
    { name: "rejects RSA 2048 for highly-confidential data", doc: CERT, classification: "highly-confidential", status: "noncompliant", reason: /below 3072 bits/ },
    { name: "rejects RSA 1024", doc: key({ keyType: "RSA", keySize: 1024 }), status: "noncompliant", evidence: { path: "properties.policy.keyProperties.keySize" } },
    { name: "rejects secp256k1", doc: key({ keyType: "EC", curve: "P-256K" }), status: "noncompliant" },
    { name: "says unknown without key properties", doc: { fixture: CERT, set: { "properties.policy.keyProperties": undefined } }, status: "unknown" },
    { name: "says unknown for RSA without a size", doc: key({ keyType: "RSA" }), status: "unknown" },
    { name: "says unknown for EC without a curve", doc: key({ keyType: "EC" }), status: "unknown" },
    { name: "says unknown for a key type certificates do not use", doc: key({ keyType: "oct", keySize: 256 }), status: "unknown" },
  ],
} satisfies CaseTable;
