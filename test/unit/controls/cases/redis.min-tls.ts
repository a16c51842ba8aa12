import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "safe",
  cases: [
    { name: "accepts 1.2 on a lower-case type", doc: "redis/cache-hardened.json", status: "compliant" },
    {
      name: "reads an absent minimum as 1.2, the service default since 2020",
      doc: "redis/cache-non-ssl-port.json",
      status: "compliant",
      evidence: { path: "properties.minimumTlsVersion", actual: null },
      reason: /2020/,
    },
    { name: "rejects 1.0", doc: "redis/cache-tls10.json", status: "noncompliant", evidence: { actual: "1.0", expected: "1.2 or higher" } },
    { name: "says unknown for a value that is not a TLS version", doc: { fixture: "redis/cache-hardened.json", set: { "properties.minimumTlsVersion": "1.4" } }, status: "unknown" },
    { name: "plans 1.2", fix: "redis/cache-tls10.json", changes: [{ path: "properties.minimumTlsVersion", before: "1.0", after: "1.2" }] },
  ],
} satisfies CaseTable;
