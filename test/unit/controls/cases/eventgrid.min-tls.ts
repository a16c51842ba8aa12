import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "safe",
  cases: [
    { name: "accepts a domain at 1.2", doc: "eventgrid/domain-tls12.json", status: "compliant" },
    {
      name: "rejects a topic at 1.1",
      doc: "eventgrid/topic-tls11.json",
      status: "noncompliant",
      evidence: { path: "properties.minimumTlsVersionAllowed", actual: "1.1", expected: "1.2 or higher" },
    },
    { name: "says unknown for a topic read with 2022-06-15, which has no such property", doc: "eventgrid/topic-2022-06-15.json", status: "unknown" },
    { name: "plans 1.2 for a topic", fix: "eventgrid/topic-tls11.json", changes: [{ path: "properties.minimumTlsVersionAllowed", before: "1.1", after: "1.2" }] },
    { name: "plans 1.2 for a domain", fix: { fixture: "eventgrid/domain-tls12.json", set: { "properties.minimumTlsVersionAllowed": "1.0" } } },
  ],
} satisfies CaseTable;
