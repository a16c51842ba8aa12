import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "none",
  cases: [
    { name: "accepts a Key Vault protector", doc: "sqlmi/protector-key-vault.json", status: "compliant", classification: "confidential" },
    { name: "rejects the service-managed protector", doc: "sqlmi/protector-service-managed.json", status: "noncompliant" },
    {
      name: "rejects a protector without a key type (service-managed until a key is set)",
      doc: { fixture: "sqlmi/protector-key-vault.json", set: { "properties.serverKeyType": undefined } },
      status: "noncompliant",
    },
    { name: "says unknown for a key type that is not a string", doc: { fixture: "sqlmi/protector-key-vault.json", set: { "properties.serverKeyType": 1 } }, status: "unknown" },
  ],
} satisfies CaseTable;
