import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "safe",
  cases: [
    { name: "accepts 1.2", doc: "sqlmi/instance-tls12.json", status: "compliant" },
    { name: 'rejects "None": no minimum at all', doc: "sqlmi/instance-tls-none.json", status: "noncompliant", reason: /no minimum/ },
    { name: "rejects 1.1", doc: { fixture: "sqlmi/instance-tls12.json", set: { "properties.minimalTlsVersion": "1.1" } }, status: "noncompliant" },
    { name: "says unknown for an instance without minimalTlsVersion", doc: "sqlmi/instance-tls-absent.json", status: "unknown", reason: /api-version/ },
    { name: 'plans 1.2 for an instance at "None"', fix: "sqlmi/instance-tls-none.json", changes: [{ path: "properties.minimalTlsVersion", before: "None", after: "1.2" }] },
  ],
} satisfies CaseTable;
