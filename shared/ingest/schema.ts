import type { KustoType, TableSchema } from "../anomalies/schemas.ts";
import { DEFAULT_FINDINGS_STREAM } from "../config/settings.ts";

/**
 * The custom table findings, actions and anomalies land in, and the stream the data collection
 * rule declares for them. One list of columns is the source of both: `npm run build:infra`
 * writes it into the rule's stream declaration and the table's schema, and the workbook's
 * queries and the rule's transform are checked against it with the Kusto language service.
 */
export const FINDINGS_TABLE = "EncryptionGuardFindings_CL";
export const FINDINGS_STREAM = DEFAULT_FINDINGS_STREAM;

/** Column types as a stream declaration names them (a table says `dateTime` where a stream says `datetime`). */
export type StreamColumnType = "string" | "int" | "long" | "real" | "boolean" | "datetime" | "dynamic";

export interface LogColumn {
  name: string;
  type: StreamColumnType;
  description: string;
}

export type RecordKind = "finding" | "action" | "anomaly";

export const RECORD_KINDS: readonly RecordKind[] = ["finding", "action", "anomaly"];

export const FINDINGS_LOG_COLUMNS = [
  { name: "TimeGenerated", type: "datetime", description: "When the service recorded the finding, the action's state or the anomaly." },
  { name: "RecordKind", type: "string", description: "finding, action or anomaly: what the row records." },
  { name: "ResourceId", type: "string", description: "The full ARM id of the resource (for an anomaly, the key vault)." },
  { name: "ResourceName", type: "string", description: "The resource by the name people know (server/database, account)." },
  { name: "ResourceGroup", type: "string", description: "The resource group of the resource." },
  { name: "SubscriptionId", type: "string", description: "The subscription of the resource." },
  { name: "ResourceType", type: "string", description: "The ARM type of the evaluated document." },
  { name: "ControlId", type: "string", description: "The control (finding, action); empty for an anomaly." },
  { name: "Title", type: "string", description: "The control's title, or the anomaly's description." },
  { name: "Severity", type: "string", description: "critical, high, medium or low." },
  { name: "Stage", type: "string", description: "The SE:07 stage: at-rest, in-transit, in-use or key-management." },
  { name: "Classification", type: "string", description: "The resource's data classification." },
  { name: "Status", type: "string", description: "A finding's status (compliant, noncompliant, unknown, exempt, not-applicable) or an action's (intent, planned, applied, failed...)." },
  { name: "Decision", type: "string", description: "What the policy decided for the finding: none, audit, ticket or remediate." },
  { name: "Reason", type: "string", description: "Why the status or the action is what it is, when the evidence does not say." },
  { name: "EvidencePath", type: "string", description: "The property the control read." },
  { name: "EvidenceActual", type: "dynamic", description: "The value it found." },
  { name: "EvidenceExpected", type: "string", description: "What the control expects." },
  { name: "Fingerprint", type: "string", description: "One resource and control: the same value in tickets and events." },
  { name: "Mcsb", type: "string", description: "The Microsoft cloud security benchmark control (DP-3...)." },
  { name: "PolicyDefinitionId", type: "string", description: "The built-in Azure Policy definition that checks the same thing." },
  { name: "ActionId", type: "string", description: "The action's id: what `encryption-guard rollback` takes." },
  { name: "ActionKind", type: "string", description: "remediation, ticket or rollback." },
  { name: "RollbackOf", type: "string", description: "For a rollback, the remediation it undid." },
  { name: "Summary", type: "string", description: "What the fix changes." },
  { name: "Changes", type: "dynamic", description: "The fix's changes: path, before and after." },
  { name: "Actor", type: "string", description: "Who acted: the service's identity or a person." },
  { name: "CorrelationId", type: "string", description: "The run (sweep, event, request) the row belongs to." },
  { name: "ErrorMessage", type: "string", description: "Why a write failed." },
  { name: "AnomalyKind", type: "string", description: "The detector that flagged key access (volume-spike, new-caller...)." },
  { name: "Caller", type: "dynamic", description: "Who accessed the keys: oid, appid, upn, ip." },
  { name: "Score", type: "real", description: "How far the anomaly is from the caller's baseline." },
  { name: "WindowStart", type: "datetime", description: "Start of the anomalous key access." },
  { name: "WindowEnd", type: "datetime", description: "End of the anomalous key access." },
] as const satisfies readonly LogColumn[];

export type FindingsLogColumn = (typeof FINDINGS_LOG_COLUMNS)[number]["name"];

/** One row as the stream takes it: column name to value; absent columns are left out. */
export type FindingsLogRow = Partial<Record<FindingsLogColumn, unknown>> & { TimeGenerated: string; RecordKind: RecordKind };

/**
 * The rule's transform: rows keep the time they were recorded, and a row without a kind (not
 * one of ours) is dropped at ingestion rather than stored.
 */
export const INGESTION_TRANSFORM = `source
| where RecordKind in ("finding", "action", "anomaly")
| extend TimeGenerated = coalesce(TimeGenerated, now())`;

/** A table column's type as the workspace tables API names it. */
export function tableColumnType(type: StreamColumnType): string {
  return type === "datetime" ? "dateTime" : type;
}

/** A stream column's type as Kusto names it in a query. */
export function kustoType(type: StreamColumnType): KustoType {
  return type === "boolean" ? "bool" : type;
}

/** The columns Log Analytics adds to every custom table besides the ones the rule sends. */
const STANDARD_COLUMNS: Readonly<Record<string, KustoType>> = { TenantId: "string", Type: "string", _ResourceId: "string" };

/** The table as a query sees it: what the workbook's queries are analysed against. */
export const FINDINGS_TABLE_SCHEMA: TableSchema = {
  name: FINDINGS_TABLE,
  columns: { ...STANDARD_COLUMNS, ...Object.fromEntries(FINDINGS_LOG_COLUMNS.map((column) => [column.name, kustoType(column.type)])) },
};
