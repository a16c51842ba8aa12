import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "safe",
  cases: [
    { name: "accepts secure transfer", doc: "storage/account-cmk-hardened.json", status: "compliant" },
    { name: 'accepts secure transfer as the string "true"', doc: "storage/account-resource-graph.json", status: "compliant" },
    { name: "rejects supportsHttpsTrafficOnly false", doc: "storage/account-legacy-defaults.json", status: "noncompliant", evidence: { actual: false } },
    {
      name: "says unknown when the flag is missing rather than guessing",
      doc: { fixture: "storage/account-legacy-defaults.json", set: { "properties.supportsHttpsTrafficOnly": undefined } },
      status: "unknown",
    },
    {
      name: "plans supportsHttpsTrafficOnly true (the wire name, not the SDK's enableHttpsTrafficOnly)",
      fix: "storage/account-legacy-defaults.json",
      changes: [{ path: "properties.supportsHttpsTrafficOnly", before: false, after: true }],
    },
  ],
} satisfies CaseTable;
