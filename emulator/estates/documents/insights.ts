import { idOf, type Place } from "./place.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

export interface DiagnosticSettings {
  /** Log categories or category groups sent (e.g. ["AuditEvent"] or ["allLogs"]). */
  categories?: string[];
  categoryGroups?: string[];
  /** Send to a Log Analytics workspace of this name (else to a storage account). */
  workspace?: string;
}

/** A diagnostic setting on a resource: an extension resource under `{resourceUri}/providers/Microsoft.Insights`. */
export function diagnosticSetting(place: Place, targetId: string, name: string, settings: DiagnosticSettings): ArmDocument {
  const logs = [
    ...(settings.categories ?? []).map((category) => ({ category, enabled: true, retentionPolicy: { enabled: false, days: 0 } })),
    ...(settings.categoryGroups ?? []).map((categoryGroup) => ({ categoryGroup, enabled: true, retentionPolicy: { enabled: false, days: 0 } })),
  ];
  return {
    id: `${targetId}/providers/Microsoft.Insights/diagnosticSettings/${name}`,
    name,
    type: "Microsoft.Insights/diagnosticSettings",
    properties: {
      ...(settings.workspace
        ? { workspaceId: idOf({ ...place, resourceGroup: "rg-monitoring" }, "Microsoft.OperationalInsights/workspaces", settings.workspace) }
        : { storageAccountId: idOf(place, "Microsoft.Storage/storageAccounts", "stguardlogs") }),
      logs,
      metrics: [{ category: "AllMetrics", enabled: false, retentionPolicy: { enabled: false, days: 0 } }],
    },
  };
}
