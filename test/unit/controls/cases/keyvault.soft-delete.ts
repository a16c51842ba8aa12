import type { CaseTable } from "../caseTable.ts";

export default {
  // Once on, soft delete can never be turned off again.
  fix: "irreversible",
  cases: [
    { name: "reads an absent flag as on: the platform enforces soft delete", doc: "keyvault/vault-access-policies.json", status: "compliant", reason: /enforces/ },
    { name: "accepts soft delete on", doc: "keyvault/vault-hardened.json", status: "compliant" },
    { name: "rejects an explicit false", doc: "keyvault/vault-firewall-soft-delete-off.json", status: "noncompliant", evidence: { path: "properties.enableSoftDelete", actual: false } },
    { name: 'rejects the string "false" of a Resource Graph document', doc: "keyvault/vault-resource-graph.json", status: "noncompliant" },
    { name: "says unknown for a flag that is not a boolean", doc: { fixture: "keyvault/vault-hardened.json", set: { "properties.enableSoftDelete": "maybe" } }, status: "unknown" },
    { name: "turns soft delete on", fix: "keyvault/vault-firewall-soft-delete-off.json", changes: [{ path: "properties.enableSoftDelete", before: false, after: true }] },
    { name: "turns soft delete on for a Resource Graph document", fix: "keyvault/vault-resource-graph.json" },
  ],
} satisfies CaseTable;
