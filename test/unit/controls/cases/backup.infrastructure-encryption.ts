import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "none",
  cases: [
    { name: "accepts a vault encrypted twice", doc: "backup/rsv-cmk-infrastructure.json", status: "compliant", classification: "highly-confidential" },
    {
      name: "rejects a vault with a customer-managed key but one layer",
      doc: { fixture: "backup/rsv-cmk-infrastructure.json", set: { "properties.encryption.infrastructureEncryption": "Disabled" } },
      status: "noncompliant",
      classification: "highly-confidential",
    },
    { name: "rejects a vault without encryption settings (off unless chosen with the key)", doc: "backup/rsv-platform-key.json", status: "noncompliant", reason: /not set/ },
    {
      name: "says unknown for a value that is not a string",
      doc: { fixture: "backup/rsv-cmk-infrastructure.json", set: { "properties.encryption.infrastructureEncryption": true } },
      status: "unknown",
    },
  ],
} satisfies CaseTable;
