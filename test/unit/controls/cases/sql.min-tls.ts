import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "safe",
  cases: [
    { name: "accepts 1.2 from a portal JSON view", doc: "sql/server-portal-tls12.json", status: "compliant" },
    { name: "accepts 1.3 on a lower-case type", doc: "sql/server-tls13.json", status: "compliant" },
    {
      name: 'rejects "None": no minimum at all',
      doc: "sql/server-tls-none.json",
      status: "noncompliant",
      evidence: { path: "properties.minimalTlsVersion", actual: "None", expected: "1.2 or 1.3" },
    },
    { name: "rejects a server without minimalTlsVersion (the spec's ServerGet shape)", doc: "sql/server-tls-absent.json", status: "noncompliant", reason: /no minimum/ },
    { name: "rejects 1.0", doc: { fixture: "sql/server-portal-tls12.json", set: { "properties.minimalTlsVersion": "1.0" } }, status: "noncompliant" },
    { name: "rejects 1.1", doc: { fixture: "sql/server-portal-tls12.json", set: { "properties.minimalTlsVersion": "1.1" } }, status: "noncompliant" },
    { name: "says unknown for az CLI's flattened output, which has no properties envelope", doc: "sql/server-azcli-flattened.json", status: "unknown" },
    { name: 'plans 1.2 for a server at "None"', fix: "sql/server-tls-none.json", changes: [{ path: "properties.minimalTlsVersion", before: "None", after: "1.2" }] },
    { name: "plans 1.2 for a server without a minimum", fix: "sql/server-tls-absent.json" },
  ],
} satisfies CaseTable;
