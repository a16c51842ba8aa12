import type { CaseTable } from "../caseTable.ts";

const SECRET = "keyvault/secret-no-expiry.json";

export default {
  fix: "none",
  cases: [
    { name: "accepts a secret with an expiration date", doc: { fixture: SECRET, set: { "properties.attributes.exp": 1796083200 } }, status: "compliant" },
    { name: "rejects an enabled secret that never expires", doc: SECRET, status: "noncompliant", evidence: { path: "properties.attributes.exp", actual: null } },
    { name: "lets a disabled secret go without one", doc: { fixture: SECRET, set: { "properties.attributes.enabled": false } }, status: "compliant" },
    { name: "says unknown for an enabled flag that is not a boolean", doc: { fixture: SECRET, set: { "properties.attributes.enabled": "perhaps" } }, status: "unknown" },
  ],
} satisfies CaseTable;
