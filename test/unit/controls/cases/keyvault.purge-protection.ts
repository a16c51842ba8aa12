import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "irreversible",
  cases: [
    { name: "accepts true", doc: "keyvault/vault-hardened.json", status: "compliant" },
    { name: 'accepts the string "true"', doc: "keyvault/vault-resource-graph.json", status: "compliant" },
    { name: "reads an absent flag as off", doc: "keyvault/vault-access-policies.json", status: "noncompliant" },
    {
      name: "reads null as off",
      doc: "keyvault/vault-rbac-nulls.json",
      status: "noncompliant",
      evidence: { path: "properties.enablePurgeProtection", actual: null, expected: "true" },
    },
    { name: "says unknown for a flag that is not a boolean", doc: { fixture: "keyvault/vault-hardened.json", set: { "properties.enablePurgeProtection": "maybe" } }, status: "unknown" },
    { name: "plans purge protection", fix: "keyvault/vault-rbac-nulls.json", changes: [{ path: "properties.enablePurgeProtection", before: null, after: true }] },
    {
      name: "plans soft delete too where a legacy vault has it off",
      fix: "keyvault/vault-firewall-soft-delete-off.json",
      changes: [
        { path: "properties.enableSoftDelete", before: false, after: true },
        { path: "properties.enablePurgeProtection", before: false, after: true },
      ],
    },
  ],
} satisfies CaseTable;
