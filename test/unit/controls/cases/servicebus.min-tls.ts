import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "safe",
  cases: [
    { name: "accepts 1.3", doc: "servicebus/namespace-tls13.json", status: "compliant" },
    { name: "rejects 1.1", doc: "servicebus/namespace-tls11.json", status: "noncompliant" },
    { name: "says unknown for what the typed 6.1.0 client hands over (no minimumTlsVersion)", doc: "servicebus/namespace-typed-client.json", status: "unknown", reason: /api-version or client/ },
    { name: "plans 1.2", fix: "servicebus/namespace-tls11.json", changes: [{ path: "properties.minimumTlsVersion", before: "1.1", after: "1.2" }] },
  ],
} satisfies CaseTable;
