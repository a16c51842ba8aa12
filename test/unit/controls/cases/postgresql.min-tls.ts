import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "safe",
  cases: [
    { name: "accepts TLSv1.2", doc: "postgresql/ssl-min-protocol-tlsv1.2.json", status: "compliant" },
    { name: "rejects TLSv1.1", doc: "postgresql/ssl-min-protocol-tlsv1.1.json", status: "noncompliant", evidence: { path: "properties.value", actual: "TLSv1.1", expected: "TLSv1.2 or TLSv1.3" } },
    {
      name: "says unknown when the parameter has no value",
      doc: { fixture: "postgresql/ssl-min-protocol-tlsv1.2.json", set: { properties: { source: "system-default" } } },
      status: "unknown",
      reason: "the parameter document has no value",
    },
    { name: "leaves require_secure_transport to postgresql.secure-transport", doc: "postgresql/require-secure-transport-on.json", selected: false },
    { name: "leaves other parameters alone (the spec's array_nulls example)", doc: "postgresql/array-nulls.json", selected: false },
    { name: "plans TLSv1.2", fix: "postgresql/ssl-min-protocol-tlsv1.1.json", changes: [{ path: "properties.value", before: "TLSv1.1", after: "TLSv1.2" }] },
  ],
} satisfies CaseTable;
