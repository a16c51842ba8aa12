import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "safe",
  cases: [
    { name: "accepts TLS1_2", doc: "storage/account-cmk-hardened.json", status: "compliant" },
    { name: "accepts TLS1_3", doc: "storage/account-keyvault-without-key.json", status: "compliant" },
    {
      name: "reads an absent minimumTlsVersion as TLS1_0, as the API documents",
      doc: "storage/account-legacy-defaults.json",
      status: "noncompliant",
      evidence: { path: "properties.minimumTlsVersion", actual: null, expected: "TLS1_2 or TLS1_3" },
      reason: /TLS1_0/,
    },
    { name: "rejects TLS1_1 on a lower-case Resource Graph document", doc: "storage/account-resource-graph.json", status: "noncompliant" },
    { name: "says unknown for a value that is not a TLS version", doc: { fixture: "storage/account-cmk-hardened.json", set: { "properties.minimumTlsVersion": 12 } }, status: "unknown" },
    { name: "plans TLS1_2 for an account without a minimum", fix: "storage/account-legacy-defaults.json", changes: [{ path: "properties.minimumTlsVersion", before: null, after: "TLS1_2" }] },
    { name: "plans TLS1_2 for a Resource Graph document at TLS1_1", fix: "storage/account-resource-graph.json" },
  ],
} satisfies CaseTable;
