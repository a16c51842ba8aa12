import type { CaseTable } from "../caseTable.ts";

const UPPER = "mysql/tls-version-upper-case.json";

export default {
  fix: "safe",
  cases: [
    { name: "accepts TLSV1.2 written in upper case", doc: UPPER, status: "compliant" },
    { name: "takes the parameter name from the id when the document has none", doc: { fixture: UPPER, set: { name: undefined } }, status: "compliant" },
    {
      name: "rejects a list that still enables TLSv1 and TLSv1.1",
      doc: "mysql/tls-version-legacy-list.json",
      status: "noncompliant",
      evidence: { path: "properties.value", actual: "TLSv1,TLSv1.1,TLSv1.2", expected: "only TLSv1.2 and/or TLSv1.3" },
    },
    { name: 'accepts a list pending restart and says so (the string "True")', doc: "mysql/tls-version-pending-restart.json", status: "compliant", reason: /restart/ },
    { name: "says unknown for an empty list", doc: { fixture: UPPER, set: { properties: { value: "" } } }, status: "unknown" },
    { name: "says unknown for a list of commas", doc: { fixture: UPPER, set: { properties: { value: " , " } } }, status: "unknown" },
    { name: "says unknown for a version it cannot read", doc: { fixture: UPPER, set: { properties: { value: "SSLv3" } } }, status: "unknown" },
    { name: "says unknown for a value that is not a string", doc: { fixture: UPPER, set: { properties: { value: 12 } } }, status: "unknown" },
    { name: "leaves require_secure_transport to mysql.secure-transport", doc: "mysql/require-secure-transport-off.json", selected: false },
    { name: "plans TLSv1.2", fix: "mysql/tls-version-legacy-list.json", changes: [{ path: "properties.value", before: "TLSv1,TLSv1.1,TLSv1.2", after: "TLSv1.2" }] },
  ],
} satisfies CaseTable;
