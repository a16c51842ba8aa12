import type { CaseTable } from "../caseTable.ts";

const EXPECTED = "publicNetworkAccess Disabled, or networkAcls.defaultAction Deny";

export default {
  // Every client outside the allowed networks is cut off.
  fix: "disruptive",
  cases: [
    { name: "accepts public access disabled", doc: "keyvault/vault-hardened.json", status: "compliant", evidence: { path: "properties.publicNetworkAccess" } },
    { name: "accepts public access disabled in lower case", doc: "keyvault/vault-resource-graph.json", status: "compliant" },
    {
      name: "accepts a firewall that denies by default",
      doc: "keyvault/vault-firewall-soft-delete-off.json",
      status: "compliant",
      evidence: { path: "properties.networkAcls.defaultAction", actual: "Deny", expected: EXPECTED },
    },
    { name: "rejects a public vault with networkAcls null", doc: "keyvault/vault-rbac-nulls.json", status: "noncompliant" },
    { name: "rejects a public vault without networkAcls", doc: "keyvault/vault-access-policies.json", status: "noncompliant", reason: /allows every network/ },
    { name: "says unknown for values that are not strings", doc: { fixture: "keyvault/vault-rbac-nulls.json", set: { properties: { publicNetworkAccess: false } } }, status: "unknown" },
    {
      name: "plans a denying firewall that lets trusted services through",
      fix: "keyvault/vault-rbac-nulls.json",
      changes: [{ path: "properties.networkAcls", before: null, after: { bypass: "AzureServices", defaultAction: "Deny" } }],
    },
    {
      name: "plans a denying firewall that keeps the vault's rules and bypass",
      fix: {
        fixture: "keyvault/vault-hardened.json",
        set: { "properties.publicNetworkAccess": "Enabled", "properties.networkAcls": { bypass: "None", defaultAction: "Allow", ipRules: [{ value: "203.0.113.0/24" }] } },
      },
      changes: [
        {
          path: "properties.networkAcls",
          before: { bypass: "None", defaultAction: "Allow", ipRules: [{ value: "203.0.113.0/24" }] },
          after: { bypass: "None", defaultAction: "Deny", ipRules: [{ value: "203.0.113.0/24" }] },
        },
      ],
    },
    { name: "plans a denying firewall for a vault without networkAcls", fix: "keyvault/vault-access-policies.json" },
  ],
} satisfies CaseTable;
