import type { CaseTable } from "../caseTable.ts";

const WORKSPACE = "/subscriptions/3f2a6c1e-8d4b-4a57-9a0e-2b7c9d1e5f60/resourceGroups/rg-monitor/providers/Microsoft.OperationalInsights/workspaces/log-security";

export default {
  fix: "safe",
  cases: [
    { name: "accepts the audit category group sent to a workspace", doc: "keyvault/vault-hardened.json", status: "compliant", evidence: { path: "diagnosticSettings", actual: "to-log-security" } },
    { name: 'accepts the AuditEvent category with enabled as the string "true"', doc: "keyvault/vault-firewall-soft-delete-off.json", status: "compliant" },
    {
      name: "rejects audit logs sent to storage only, or a workspace that gets them disabled",
      doc: "keyvault/vault-rbac-nulls.json",
      status: "noncompliant",
      evidence: { actual: ["to-storage", "policy-only"] },
      reason: /no setting sends the audit logs/,
    },
    { name: "rejects a vault without diagnostic settings", doc: "keyvault/vault-access-policies.json", status: "noncompliant", reason: /no diagnostic settings/ },
    {
      name: "ignores settings of odd shapes instead of throwing",
      doc: { fixture: "keyvault/vault-access-policies.json", set: { diagnosticSettings: [null, "x", { name: "n", properties: { workspaceId: WORKSPACE, logs: "AuditEvent" } }] } },
      status: "noncompliant",
    },
    { name: "says unknown when the collector did not attach the settings", doc: "keyvault/vault-resource-graph.json", status: "unknown", reason: /not collected/ },
    { name: "needs a workspace to plan", params: {}, refused: ["workspaceId"] },
    { name: "refuses a misspelt workspaceID, naming both spellings", params: { workspaceID: WORKSPACE }, refused: ["workspaceId", "workspaceID"] },
    {
      name: "refuses a workspace id of another type",
      params: { workspaceId: WORKSPACE.replace("Microsoft.OperationalInsights/workspaces", "Microsoft.Storage/storageAccounts") },
      refused: ["workspaceId"],
    },
    {
      name: "plans an encryption-guard setting with the audit group to the workspace",
      fix: "keyvault/vault-rbac-nulls.json",
      params: { workspaceId: WORKSPACE },
      changes: [{ path: "diagnosticSettings.encryption-guard", before: null, after: { workspaceId: WORKSPACE, logs: [{ categoryGroup: "audit", enabled: true }] } }],
    },
    { name: "plans the setting for a vault that has none", fix: "keyvault/vault-access-policies.json", params: { workspaceId: WORKSPACE } },
  ],
} satisfies CaseTable;
