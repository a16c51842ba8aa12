import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "safe",
  cases: [
    { name: "accepts httpsOnly true", doc: "web/site-hardened.json", status: "compliant" },
    { name: "rejects httpsOnly false (the spec's GetWebApp value)", doc: "web/site-config-filled.json", status: "noncompliant", evidence: { path: "properties.httpsOnly", actual: false } },
    { name: "reads an absent httpsOnly as false", doc: "web/site-null-site-config.json", status: "noncompliant" },
    { name: "says unknown for a value that is not a boolean", doc: { fixture: "web/site-hardened.json", set: { "properties.httpsOnly": "maybe" } }, status: "unknown" },
    { name: "plans httpsOnly true", fix: "web/site-config-filled.json", changes: [{ path: "properties.httpsOnly", before: false, after: true }] },
  ],
} satisfies CaseTable;
