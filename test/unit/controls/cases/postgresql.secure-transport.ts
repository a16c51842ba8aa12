import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "safe",
  cases: [
    { name: "accepts on", doc: "postgresql/require-secure-transport-on.json", status: "compliant" },
    { name: "accepts ON, with the parameter name and type in upper and lower case", doc: "postgresql/require-secure-transport-upper.json", status: "compliant" },
    { name: "rejects off", doc: "postgresql/require-secure-transport-off.json", status: "noncompliant", evidence: { path: "properties.value", actual: "off", expected: "on" } },
    { name: "says unknown when the parameter has no value", doc: { fixture: "postgresql/require-secure-transport-on.json", set: { properties: { source: "system-default" } } }, status: "unknown" },
    { name: "leaves ssl_min_protocol_version to postgresql.min-tls", doc: "postgresql/ssl-min-protocol-tlsv1.2.json", selected: false },
    { name: "leaves other parameters alone (the spec's array_nulls example)", doc: "postgresql/array-nulls.json", selected: false },
    { name: "plans on", fix: "postgresql/require-secure-transport-off.json", changes: [{ path: "properties.value", before: "off", after: "on" }] },
  ],
} satisfies CaseTable;
