import type { CaseTable } from "../caseTable.ts";

export default {
  // The setting can only be chosen when the account is created.
  fix: "none",
  cases: [
    { name: "accepts requireInfrastructureEncryption true", doc: "storage/account-cmk-hardened.json", status: "compliant" },
    {
      name: "reads an absent flag as off",
      doc: "storage/account-legacy-defaults.json",
      status: "noncompliant",
      evidence: { path: "properties.encryption.requireInfrastructureEncryption", actual: null },
    },
    {
      name: "says unknown for a flag that is not a boolean",
      doc: { fixture: "storage/account-cmk-hardened.json", set: { "properties.encryption.requireInfrastructureEncryption": "yes" } },
      status: "unknown",
    },
  ],
} satisfies CaseTable;
