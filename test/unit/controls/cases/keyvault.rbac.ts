import type { CaseTable } from "../caseTable.ts";

export default {
  // Principals that only hold access policies lose data-plane access the moment it flips.
  fix: "disruptive",
  cases: [
    { name: "accepts RBAC authorization", doc: "keyvault/vault-rbac-nulls.json", status: "compliant" },
    { name: 'accepts RBAC authorization as "TRUE"', doc: "keyvault/vault-resource-graph.json", status: "compliant" },
    { name: "rejects access policies by absence", doc: "keyvault/vault-access-policies.json", status: "noncompliant", reason: /access policies/ },
    { name: "rejects access policies stated", doc: "keyvault/vault-firewall-soft-delete-off.json", status: "noncompliant", evidence: { actual: false } },
    { name: "says unknown for a flag that is not a boolean", doc: { fixture: "keyvault/vault-hardened.json", set: { "properties.enableRbacAuthorization": "maybe" } }, status: "unknown" },
    { name: "switches to RBAC", fix: "keyvault/vault-access-policies.json", changes: [{ path: "properties.enableRbacAuthorization", before: null, after: true }] },
  ],
} satisfies CaseTable;
