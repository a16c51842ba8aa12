import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "safe",
  cases: [
    { name: "accepts 1.2", doc: "eventhub/namespace-tls12.json", status: "compliant" },
    { name: "rejects 1.0", doc: "eventhub/namespace-tls10.json", status: "noncompliant", evidence: { path: "properties.minimumTlsVersion", actual: "1.0" } },
    { name: "says unknown when an older api-version left the property out", doc: "eventhub/namespace-old-api-version.json", status: "unknown", reason: /2021-06-01-preview/ },
    { name: "plans 1.2", fix: "eventhub/namespace-tls10.json", changes: [{ path: "properties.minimumTlsVersion", before: "1.0", after: "1.2" }] },
  ],
} satisfies CaseTable;
