import { describeAnomaly } from "../anomalies/alerts.ts";
import type { Anomaly } from "../anomalies/types.ts";
import { controlById, frameworkRefs } from "../controls/index.ts";
import { parseResourceId, resourceNameOf } from "../core/index.ts";
import type { ActionRecord, RecordedFinding } from "../store/types.ts";
import { fingerprintOf } from "../tickets/fingerprint.ts";
import { cutText, jsonSafe, untrusted } from "../tickets/text/index.ts";
import type { FindingsLogRow } from "./schema.ts";

/**
 * Log Analytics keeps a string column up to 32 KB; names, reasons and evidence come from the
 * resources (whoever can write them), so each is cleaned and bounded well under that.
 */
const TEXT_MAX = 4_096;
const DYNAMIC_MAX = 16_384;

const text = (value: string | undefined | null) => (value === undefined || value === null || value === "" ? undefined : untrusted(value, TEXT_MAX));

/** A value for a dynamic column: clean JSON, and past the bound the start of its JSON text instead. */
function dynamic(value: unknown): unknown {
  const safe = jsonSafe(value ?? null);
  const json = JSON.stringify(safe) ?? "null";
  return json.length <= DYNAMIC_MAX ? safe : cutText(json, DYNAMIC_MAX);
}

function place(resourceId: string) {
  try {
    const { subscriptionId, resourceGroup } = parseResourceId(resourceId);
    return { SubscriptionId: subscriptionId, ResourceGroup: resourceGroup };
  } catch {
    // A subscription-wide row (a guard's alert) has no resource group.
    return { SubscriptionId: /^\/subscriptions\/([^/]+)/i.exec(resourceId)?.[1] };
  }
}

/** Leaves out what is absent: an empty cell costs nothing in Log Analytics. */
function row(values: Record<string, unknown>): FindingsLogRow {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as FindingsLogRow;
}

function controlColumns(controlId: string) {
  const control = controlById(controlId);
  const refs = control ? frameworkRefs(control) : undefined;
  return { Mcsb: refs?.mcsb ?? undefined, PolicyDefinitionId: refs?.azurePolicyDefinitionId ?? undefined };
}

function resourceColumns(resourceId: string) {
  return { ResourceId: text(resourceId), ResourceName: text(resourceNameOf(resourceId)), ...place(resourceId) };
}

export function findingRow(finding: RecordedFinding, at: Date): FindingsLogRow {
  return row({
    TimeGenerated: at.toISOString(),
    RecordKind: "finding",
    ...resourceColumns(finding.resourceId),
    ResourceType: text(finding.resourceType),
    ControlId: finding.controlId,
    Title: text(finding.title),
    Severity: finding.severity,
    Stage: finding.stage,
    Classification: finding.classification,
    Status: finding.status,
    Decision: finding.decision,
    Reason: text(finding.reason ?? finding.exception?.reason),
    EvidencePath: text(finding.evidence.path),
    EvidenceActual: dynamic(finding.evidence.actual),
    EvidenceExpected: text(finding.evidence.expected),
    Fingerprint: fingerprintOf(finding.controlId, finding.resourceId),
    ...controlColumns(finding.controlId),
  });
}

/** Every state an action is recorded in (intent, then its outcome) is a row; the latest per ActionId is where it stands. */
export function actionRow(action: ActionRecord): FindingsLogRow {
  return row({
    TimeGenerated: action.finishedAt ?? action.startedAt,
    RecordKind: "action",
    ...resourceColumns(action.resourceId),
    ResourceType: text(action.fix?.resourceType ?? action.finding.resourceType),
    ControlId: action.controlId,
    Title: text(action.finding.title),
    Severity: action.finding.severity,
    Stage: action.finding.stage,
    Classification: action.finding.classification,
    Status: action.status,
    Decision: action.finding.decision,
    Reason: text(action.reason ?? action.exception?.reason),
    EvidencePath: text(action.finding.evidence.path),
    EvidenceActual: dynamic(action.finding.evidence.actual),
    EvidenceExpected: text(action.finding.evidence.expected),
    Fingerprint: fingerprintOf(action.controlId, action.resourceId),
    ...controlColumns(action.controlId),
    ActionId: action.id,
    ActionKind: action.kind,
    RollbackOf: action.rollbackOf,
    Summary: text(action.fix?.summary),
    Changes: action.fix ? dynamic(action.fix.changes.map((c) => ({ path: c.path, before: c.before ?? null, after: c.after ?? null }))) : undefined,
    Actor: text(action.actor),
    CorrelationId: text(action.correlationId),
    ErrorMessage: text(action.error),
  });
}

export function anomalyRow(anomaly: Anomaly, at: Date): FindingsLogRow {
  return row({
    TimeGenerated: at.toISOString(),
    RecordKind: "anomaly",
    ResourceId: text(anomaly.vault),
    ResourceName: text(resourceNameOf(anomaly.vault)),
    ...place(anomaly.vault),
    ResourceType: "Microsoft.KeyVault/vaults",
    Title: text(describeAnomaly(anomaly)),
    Severity: anomaly.severity,
    Stage: "key-management",
    Status: "anomaly",
    AnomalyKind: anomaly.kind,
    Caller: dynamic(anomaly.caller),
    Score: Number.isFinite(anomaly.score) ? anomaly.score : undefined,
    WindowStart: anomaly.start,
    WindowEnd: anomaly.end,
    EvidenceActual: dynamic(anomaly.evidence),
  });
}
