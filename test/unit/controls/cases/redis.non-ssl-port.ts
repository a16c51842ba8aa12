import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "safe",
  cases: [
    { name: "accepts a closed non-TLS port", doc: "redis/cache-hardened.json", status: "compliant" },
    { name: "reads an absent flag as closed", doc: { fixture: "redis/cache-hardened.json", set: { properties: { minimumTlsVersion: "1.2" } } }, status: "compliant" },
    {
      name: "rejects enableNonSslPort true (the spec's RedisCacheGet value)",
      doc: "redis/cache-non-ssl-port.json",
      status: "noncompliant",
      evidence: { path: "properties.enableNonSslPort", actual: true, expected: "not true" },
    },
    { name: "says unknown for a value that is not a boolean", doc: { fixture: "redis/cache-hardened.json", set: { properties: { enableNonSslPort: "yes" } } }, status: "unknown" },
    { name: "plans enableNonSslPort false", fix: "redis/cache-non-ssl-port.json", changes: [{ path: "properties.enableNonSslPort", before: true, after: false }] },
  ],
} satisfies CaseTable;
