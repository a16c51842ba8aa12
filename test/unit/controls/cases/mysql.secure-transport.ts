import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "safe",
  cases: [
    { name: "accepts ON in any casing", doc: "mysql/require-secure-transport-on.json", status: "compliant", evidence: { actual: "on", expected: "ON" } },
    { name: "rejects OFF (the az CLI example's value)", doc: "mysql/require-secure-transport-off.json", status: "noncompliant" },
    { name: "says unknown when the parameter has no value", doc: { fixture: "mysql/require-secure-transport-on.json", set: { "properties.value": null } }, status: "unknown" },
    { name: "leaves tls_version to mysql.min-tls", doc: "mysql/tls-version-legacy-list.json", selected: false },
    { name: "plans ON", fix: "mysql/require-secure-transport-off.json", changes: [{ path: "properties.value", before: "OFF", after: "ON" }] },
  ],
} satisfies CaseTable;
