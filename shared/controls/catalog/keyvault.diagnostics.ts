import { z } from "zod";
import { asBoolean, isNonEmptyString, lower, setTo, valueAt, verdict } from "../evidence.ts";
import { defineControl, resourceIdParam } from "../params.ts";
import type { FixProposal, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

/** The collector attaches the vault's `Microsoft.Insights/diagnosticSettings` documents under this key. */
const SETTINGS = "diagnosticSettings";
/** The setting the fix creates, addressed by name inside the settings array. */
const OWN_SETTING = "encryption-guard";
const EXPECTED = "a diagnostic setting sending AuditEvent (or the audit / allLogs group) to a Log Analytics workspace";
const AUDIT_CATEGORIES = new Set(["auditevent"]);
const AUDIT_GROUPS = new Set(["audit", "alllogs"]);

function sendsAuditToWorkspace(setting: unknown): boolean {
  if (!isNonEmptyString(valueAt(setting, "properties.workspaceId"))) return false;
  const logs = valueAt(setting, "properties.logs");
  if (!Array.isArray(logs)) return false;
  return logs.some((log) => {
    if (asBoolean(valueAt(log, "enabled")) !== true) return false;
    const category = lower(valueAt(log, "category"));
    const group = lower(valueAt(log, "categoryGroup"));
    return (category !== undefined && AUDIT_CATEGORIES.has(category)) || (group !== undefined && AUDIT_GROUPS.has(group));
  });
}

function settingName(setting: unknown): unknown {
  return valueAt(setting, "name") ?? null;
}

function evaluateDiagnostics(doc: ArmDocument): Verdict {
  const settings = doc[SETTINGS];
  if (!Array.isArray(settings)) {
    return verdict("unknown", SETTINGS, settings, EXPECTED, "the vault's diagnostic settings were not collected with it");
  }
  const auditing = settings.find(sendsAuditToWorkspace);
  if (auditing !== undefined) return verdict("compliant", SETTINGS, settingName(auditing), EXPECTED);
  const names = settings.map(settingName);
  return verdict("noncompliant", SETTINGS, names, EXPECTED, settings.length === 0 ? "the vault has no diagnostic settings" : "no setting sends the audit logs to a workspace");
}

const fixParams = z.strictObject({
  workspaceId: resourceIdParam("Microsoft.OperationalInsights/workspaces", "a Log Analytics workspace").describe(
    "The Log Analytics workspace the vault's audit logs go to (the one the key-access detectors query).",
  ),
});

function planDiagnostics(doc: ArmDocument, { workspaceId }: z.output<typeof fixParams>): FixProposal {
  const after = { workspaceId, logs: [{ categoryGroup: "audit", enabled: true }] };
  return {
    changes: [setTo(doc, `${SETTINGS}.${OWN_SETTING}`, after)],
    summary: `Create diagnostic setting ${OWN_SETTING} sending the vault's audit logs to workspace ${workspaceId}`,
  };
}

export const keyvaultDiagnostics = defineControl({
  id: "keyvault.diagnostics",
  title: "Key vault sends its audit logs to a Log Analytics workspace",
  severity: "medium",
  stage: "key-management",
  resourceTypes: ["Microsoft.KeyVault/vaults", "Microsoft.KeyVault/managedHSMs"],
  minClassification: "public",
  defaultDecision: "remediate",
  evaluate: evaluateDiagnostics,
  fix: { safety: "safe", params: fixParams, plan: planDiagnostics },
  refs: { waf: "SE:07", mcsb: "LT-3", policy: "cf820ca0-f99e-4f3e-84fb-66e913812d21", psrule: "Azure.KeyVault.Logs" },
});
