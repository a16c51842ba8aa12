import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "safe",
  cases: [
    { name: "accepts 1.2 from a siteConfig filled from config/web", doc: "web/site-config-filled.json", status: "compliant" },
    { name: "accepts 1.3", doc: "web/site-hardened.json", status: "compliant" },
    { name: "rejects 1.0", doc: "web/site-tls10-ftps-only.json", status: "noncompliant", evidence: { path: "properties.siteConfig.minTlsVersion", actual: "1.0", expected: "1.2 or 1.3" } },
    { name: "says unknown for a bare site GET (nulls in siteConfig)", doc: "web/site-bare-get.json", status: "unknown", reason: /config\/web/ },
    { name: "says unknown for siteConfig null", doc: "web/site-null-site-config.json", status: "unknown" },
    { name: "reads a siteConfig of the wrong type as not collected", doc: { fixture: "web/site-config-filled.json", set: { properties: { siteConfig: ["1.2"] } } }, status: "unknown" },
    { name: "plans siteConfig.minTlsVersion 1.2", fix: "web/site-tls10-ftps-only.json", changes: [{ path: "properties.siteConfig.minTlsVersion", before: "1.0", after: "1.2" }] },
  ],
} satisfies CaseTable;
