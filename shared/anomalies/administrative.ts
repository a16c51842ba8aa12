import { isoTime, resultReader, rowOf, type ResultColumn } from "./resultTable.ts";
import { dynamicObject, firstNonEmpty, requiredText, text, timeGenerated } from "./rowFields.ts";

/**
 * Administrative operations on Key Vaults (and managed HSMs) and on what hangs under them, from
 * the Azure activity log (`AzureActivity`): above all the diagnostic settings that send a vault's
 * audit log to the workspace, whose deletion leaves no trace in the audit log itself.
 *
 * The activity log writes an operation as several records that share a correlation id: `Start`
 * (which alone carries the request body), then `Success` or `Failure`. The query groups them
 * back into one row per operation; `aggregateOperations` is its TypeScript twin.
 */

/** One AzureActivity record reduced to what the query groups and keeps. */
export interface AdministrativeRecord {
  time: number;
  correlationId: string;
  /** The resource the operation addressed, lower-cased (a vault, or a diagnostic setting under one). */
  target: string;
  /** The vault (or managed HSM) the target is or belongs to, lower-cased. */
  vault: string;
  /** `OperationNameValue`, lower-cased: `microsoft.insights/diagnosticsettings/delete`. */
  operation: string;
  /** `ActivityStatusValue`, lower-cased: start, success, failure (older workspaces: started, succeeded, failed). */
  status: string;
  callerOid: string;
  callerAppId: string;
  callerUpn: string;
  clientIp: string;
  /** The request body of a diagnostic setting write (at most REQUEST_BODY_LENGTH characters); "" otherwise. */
  requestBody: string;
}

/** One operation: its records grouped by correlation id, target, operation and caller. */
export interface AdministrativeOperation {
  correlationId: string;
  target: string;
  vault: string;
  operation: string;
  callerOid: string;
  callerAppId: string;
  firstSeen: number;
  lastSeen: number;
  /** Records per outcome: the operation began, succeeded, failed. */
  started: number;
  succeeded: number;
  failed: number;
  callerUpn: string;
  clientIp: string;
  requestBody: string;
}

export const DIAGNOSTIC_SETTING_WRITE = "microsoft.insights/diagnosticsettings/write";
export const DIAGNOSTIC_SETTING_DELETE = "microsoft.insights/diagnosticsettings/delete";

/** A diagnostic setting's body is well under this; anything longer is cut, as the query cuts it. */
export const REQUEST_BODY_LENGTH = 8192;

/** The vault part of a resource id, as the query's `extract()` takes it (ids lower-cased first). */
const VAULT_OF = /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.keyvault\/(?:vaults|managedhsms)\/[^/]+)/;
const GUID_TEXT = /^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const OBJECT_ID_CLAIM = "http://schemas.microsoft.com/identity/claims/objectidentifier";

const STARTED = new Set(["start", "started"]);
const SUCCEEDED = new Set(["success", "succeeded"]);
const FAILED = new Set(["failure", "failed"]);

export function vaultOfResource(resourceId: string): string {
  return VAULT_OF.exec(resourceId.toLowerCase())?.[1] ?? "";
}

export type AdministrativeRow = { status: "record"; record: AdministrativeRecord } | { status: "ignored" };

/**
 * An AzureActivity row as the query reads it: administrative operations on a vault or below it;
 * anything else in the table (other resources, policy and service health events) is ignored.
 * The caller is the token's object id claim, else a GUID `Caller` (a service principal's
 * object id); `Caller` with an @ is the user's UPN.
 */
export function fromAzureActivity(row: Record<string, unknown>): AdministrativeRow {
  if (text(row.CategoryValue).toLowerCase() !== "administrative") return { status: "ignored" };
  const target = requiredText(row, "_ResourceId").toLowerCase();
  const vault = vaultOfResource(target);
  if (vault === "") return { status: "ignored" };
  const time = timeGenerated(row);
  const operation = requiredText(row, "OperationNameValue").toLowerCase();
  const claims = dynamicObject(row, "Claims_d");
  const caller = text(row.Caller);
  const properties = dynamicObject(row, "Properties_d");
  return {
    status: "record",
    record: {
      time,
      correlationId: text(row.CorrelationId),
      target,
      vault,
      operation,
      status: text(row.ActivityStatusValue).toLowerCase(),
      callerOid: firstNonEmpty(text(claims[OBJECT_ID_CLAIM]), text(claims.oid), GUID_TEXT.test(caller) ? caller : "").toLowerCase(),
      callerAppId: text(claims.appid).toLowerCase(),
      callerUpn: caller.toLowerCase().includes("@") ? caller : "",
      clientIp: text(row.CallerIpAddress),
      requestBody: operation.endsWith(DIAGNOSTIC_SETTING_WRITE) ? text(properties.requestbody).slice(0, REQUEST_BODY_LENGTH) : "",
    },
  };
}

/** The query's `summarize` in TypeScript: the CLI runs it over an export, the emulator over its rows. */
export function aggregateOperations(records: Iterable<AdministrativeRecord>): AdministrativeOperation[] {
  const operations = new Map<string, AdministrativeOperation>();
  for (const record of records) {
    const key = [record.correlationId, record.target, record.vault, record.operation, record.callerOid, record.callerAppId].join("\u0000");
    let operation = operations.get(key);
    if (!operation) {
      operation = {
        correlationId: record.correlationId,
        target: record.target,
        vault: record.vault,
        operation: record.operation,
        callerOid: record.callerOid,
        callerAppId: record.callerAppId,
        firstSeen: record.time,
        lastSeen: record.time,
        started: 0,
        succeeded: 0,
        failed: 0,
        callerUpn: "",
        clientIp: "",
        requestBody: "",
      };
      operations.set(key, operation);
    }
    operation.firstSeen = Math.min(operation.firstSeen, record.time);
    operation.lastSeen = Math.max(operation.lastSeen, record.time);
    if (STARTED.has(record.status)) operation.started += 1;
    if (SUCCEEDED.has(record.status)) operation.succeeded += 1;
    if (FAILED.has(record.status)) operation.failed += 1;
    // Kusto's max() over strings: the ordinally largest, so any non-empty value wins over "".
    if (record.callerUpn > operation.callerUpn) operation.callerUpn = record.callerUpn;
    if (record.clientIp > operation.clientIp) operation.clientIp = record.clientIp;
    if (record.requestBody > operation.requestBody) operation.requestBody = record.requestBody;
  }
  return [...operations.values()];
}

/** The query's output columns in Kusto's order: the `by` columns, then the aggregates. */
export const OPERATION_COLUMNS: readonly ResultColumn<AdministrativeOperation>[] = [
  { name: "CorrelationId", type: "string", cell: (o) => o.correlationId },
  { name: "Target", type: "string", cell: (o) => o.target },
  { name: "Vault", type: "string", cell: (o) => o.vault },
  { name: "Operation", type: "string", cell: (o) => o.operation },
  { name: "CallerOid", type: "string", cell: (o) => o.callerOid },
  { name: "CallerAppId", type: "string", cell: (o) => o.callerAppId },
  { name: "FirstSeen", type: "datetime", cell: (o) => isoTime(o.firstSeen) },
  { name: "LastSeen", type: "datetime", cell: (o) => isoTime(o.lastSeen) },
  { name: "Started", type: "long", cell: (o) => o.started },
  { name: "Succeeded", type: "long", cell: (o) => o.succeeded },
  { name: "Failed", type: "long", cell: (o) => o.failed },
  { name: "CallerUpn", type: "string", cell: (o) => o.callerUpn },
  { name: "ClientIp", type: "string", cell: (o) => o.clientIp },
  { name: "RequestBody", type: "string", cell: (o) => o.requestBody },
];

export function operationToRow(operation: AdministrativeOperation): unknown[] {
  return rowOf(OPERATION_COLUMNS, operation);
}

/** Reads the query's result back, locating columns by name; a malformed cell names itself. */
export function operationsFromTable(columnNames: readonly string[], rows: readonly (readonly unknown[])[]): AdministrativeOperation[] {
  const read = resultReader(
    columnNames,
    OPERATION_COLUMNS.map((column) => column.name),
  );
  return rows.map((row, rowNumber) => {
    const cells = read(row, rowNumber);
    return {
      correlationId: cells.text("CorrelationId"),
      target: cells.text("Target"),
      vault: cells.text("Vault"),
      operation: cells.text("Operation"),
      callerOid: cells.text("CallerOid"),
      callerAppId: cells.text("CallerAppId"),
      firstSeen: cells.time("FirstSeen"),
      lastSeen: cells.time("LastSeen"),
      started: cells.count("Started"),
      succeeded: cells.count("Succeeded"),
      failed: cells.count("Failed"),
      callerUpn: cells.text("CallerUpn"),
      clientIp: cells.text("ClientIp"),
      requestBody: cells.text("RequestBody").slice(0, REQUEST_BODY_LENGTH),
    };
  });
}

/**
 * One operation seen by two reads (adjacent slices, or a run and the next): the same records
 * may be in both, so outcomes merge by the larger count, not the sum.
 */
function mergeOperation(into: AdministrativeOperation, other: AdministrativeOperation): void {
  into.firstSeen = Math.min(into.firstSeen, other.firstSeen);
  into.lastSeen = Math.max(into.lastSeen, other.lastSeen);
  into.started = Math.max(into.started, other.started);
  into.succeeded = Math.max(into.succeeded, other.succeeded);
  into.failed = Math.max(into.failed, other.failed);
  if (other.callerUpn > into.callerUpn) into.callerUpn = other.callerUpn;
  if (other.clientIp > into.clientIp) into.clientIp = other.clientIp;
  if (other.requestBody > into.requestBody) into.requestBody = other.requestBody;
}

export function operationKey(operation: AdministrativeOperation): string {
  return [operation.correlationId, operation.target, operation.operation, operation.callerOid, operation.callerAppId].join("\u0000");
}

/** Operations from several reads, one per correlation id, target, operation and caller. */
export function mergeOperations(...reads: readonly (readonly AdministrativeOperation[])[]): AdministrativeOperation[] {
  const merged = new Map<string, AdministrativeOperation>();
  for (const read of reads) {
    for (const operation of read) {
      const key = operationKey(operation);
      const existing = merged.get(key);
      if (existing) mergeOperation(existing, operation);
      else merged.set(key, { ...operation });
    }
  }
  return [...merged.values()];
}
