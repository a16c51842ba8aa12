import type { AuditRecord } from "./records.ts";
import { classifyResult, RESULT_CLASSES, type ResultClass } from "./operations.ts";
import type { KustoType } from "./schemas.ts";

export const HOUR_MS = 3_600_000;

/**
 * Most object names one aggregate lists (`make_set_if`'s limit): enough for any caller that
 * reads its own few objects, bounded for one that reads a whole vault (`Objects` counts them all).
 */
export const MAX_OBJECT_NAMES = 64;

/**
 * One row of the key access query's result: the requests of one hour, vault, caller (object id
 * and app id), operation, client address and result class. The detectors read only these.
 */
export interface HourlyAggregate {
  /** Start of the hour, epoch milliseconds. */
  hour: number;
  vault: string;
  callerOid: string;
  callerAppId: string;
  operation: string;
  clientIp: string;
  resultClass: ResultClass;
  count: number;
  /** Distinct secrets, keys or certificates addressed. */
  objects: number;
  /** Which ones (`secrets/name`, `keys/name`...), sorted; at most MAX_OBJECT_NAMES of the `objects`. */
  objectNames: string[];
  firstSeen: number;
  lastSeen: number;
  callerUpn: string;
}

/**
 * The query's output columns, in the order Kusto emits them (the `by` columns, then the
 * aggregates). The KQL tests compare the analysed query's result schema with this list.
 */
export const AGGREGATE_COLUMNS: readonly { name: string; type: KustoType }[] = [
  { name: "Hour", type: "datetime" },
  { name: "Vault", type: "string" },
  { name: "CallerOid", type: "string" },
  { name: "CallerAppId", type: "string" },
  { name: "OperationName", type: "string" },
  { name: "ClientIp", type: "string" },
  { name: "ResultClass", type: "string" },
  { name: "Count", type: "long" },
  { name: "Objects", type: "long" },
  { name: "ObjectNames", type: "dynamic" },
  { name: "FirstSeen", type: "datetime" },
  { name: "LastSeen", type: "datetime" },
  { name: "CallerUpn", type: "string" },
];

export function floorHour(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

interface Bucket {
  aggregate: HourlyAggregate;
  objects: Set<string> | undefined;
  /** The first MAX_OBJECT_NAMES distinct names, as make_set_if keeps them. */
  named: Set<string> | undefined;
}

/**
 * The query's `summarize` in TypeScript: the CLI runs it over an export and the emulator over
 * the rows it holds, so offline and online analyses see the same aggregates.
 */
export function aggregateRecords(records: Iterable<AuditRecord>): HourlyAggregate[] {
  const buckets = new Map<string, Bucket>();
  for (const record of records) {
    const hasIdentity = record.callerOid !== "" || record.callerAppId !== "";
    const resultClass = classifyResult(record.operation, record.httpStatus, hasIdentity);
    const hour = floorHour(record.time);
    const key = `${hour}\u0000${record.vault}\u0000${record.callerOid}\u0000${record.callerAppId}\u0000${record.operation}\u0000${record.clientIp}\u0000${resultClass}`;
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = {
        aggregate: {
          hour,
          vault: record.vault,
          callerOid: record.callerOid,
          callerAppId: record.callerAppId,
          operation: record.operation,
          clientIp: record.clientIp,
          resultClass,
          count: 0,
          objects: 0,
          objectNames: [],
          firstSeen: record.time,
          lastSeen: record.time,
          callerUpn: record.callerUpn,
        },
        objects: undefined,
        named: undefined,
      };
      buckets.set(key, bucket);
    }
    const aggregate = bucket.aggregate;
    aggregate.count += 1;
    if (record.time < aggregate.firstSeen) aggregate.firstSeen = record.time;
    if (record.time > aggregate.lastSeen) aggregate.lastSeen = record.time;
    // Kusto's max() over strings: ordinal comparison, so a non-empty UPN wins over "".
    if (record.callerUpn > aggregate.callerUpn) aggregate.callerUpn = record.callerUpn;
    if (record.objectName !== "") {
      (bucket.objects ??= new Set()).add(record.objectName);
      bucket.named ??= new Set();
      if (bucket.named.size < MAX_OBJECT_NAMES) bucket.named.add(record.objectName);
    }
  }
  const result: HourlyAggregate[] = [];
  for (const bucket of buckets.values()) {
    bucket.aggregate.objects = bucket.objects?.size ?? 0;
    bucket.aggregate.objectNames = [...(bucket.named ?? [])].sort();
    result.push(bucket.aggregate);
  }
  return result;
}

/** A result row in column order, as the Log Analytics query API returns it. */
export function aggregateToRow(aggregate: HourlyAggregate): unknown[] {
  return [
    new Date(aggregate.hour).toISOString(),
    aggregate.vault,
    aggregate.callerOid,
    aggregate.callerAppId,
    aggregate.operation,
    aggregate.clientIp,
    aggregate.resultClass,
    aggregate.count,
    aggregate.objects,
    aggregate.objectNames,
    new Date(aggregate.firstSeen).toISOString(),
    new Date(aggregate.lastSeen).toISOString(),
    aggregate.callerUpn,
  ];
}

export class AggregateTableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AggregateTableError";
  }
}

function epoch(value: unknown, column: string, row: number): number {
  const parsed = value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(parsed)) throw new AggregateTableError(`row ${row}, column ${column}: expected a date-time, got ${JSON.stringify(value)}`);
  return parsed;
}

function count(value: unknown, column: string, row: number): number {
  const parsed = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
  if (!Number.isInteger(parsed) || parsed < 0) throw new AggregateTableError(`row ${row}, column ${column}: expected a count, got ${JSON.stringify(value)}`);
  return parsed;
}

const resultClasses = new Set<string>(RESULT_CLASSES);
const OBJECT_NAME_LENGTH = 300;

/**
 * A dynamic column of names: an array (the SDK parses dynamic cells) or its JSON text (an
 * export), bounded like the query bounds it. Sorted, since make_set promises no order.
 */
function names(value: unknown, column: string, row: number): string[] {
  let parsed = value;
  if (typeof parsed === "string") {
    try {
      parsed = JSON.parse(parsed);
    } catch {
      parsed = undefined;
    }
  }
  if (value === null || value === undefined) return [];
  if (!Array.isArray(parsed) || parsed.length > MAX_OBJECT_NAMES || parsed.some((name) => typeof name !== "string" || name.length > OBJECT_NAME_LENGTH)) {
    throw new AggregateTableError(`row ${row}, column ${column}: expected at most ${MAX_OBJECT_NAMES} names, got ${JSON.stringify(value).slice(0, 80)}`);
  }
  return [...new Set(parsed as string[])].sort();
}

/**
 * Reads a query result table back into aggregates, locating columns by name so a reordered
 * projection still reads correctly. A missing column or a malformed cell names itself.
 */
export function aggregatesFromTable(columnNames: readonly string[], rows: readonly (readonly unknown[])[]): HourlyAggregate[] {
  const index = new Map(columnNames.map((name, position) => [name, position]));
  const position = (name: string): number => {
    const found = index.get(name);
    if (found === undefined) throw new AggregateTableError(`the result has no ${name} column (columns: ${columnNames.join(", ")})`);
    return found;
  };
  const at = Object.fromEntries(AGGREGATE_COLUMNS.map((column) => [column.name, position(column.name)])) as Record<string, number>;
  const cell = (row: readonly unknown[], name: string): unknown => row[at[name]!];
  const str = (row: readonly unknown[], name: string): string => {
    const value = cell(row, name);
    return value === null || value === undefined ? "" : String(value);
  };
  return rows.map((row, rowNumber) => {
    const resultClass = str(row, "ResultClass");
    if (!resultClasses.has(resultClass)) throw new AggregateTableError(`row ${rowNumber}, column ResultClass: unknown class ${JSON.stringify(resultClass)}`);
    return {
      hour: epoch(cell(row, "Hour"), "Hour", rowNumber),
      vault: str(row, "Vault"),
      callerOid: str(row, "CallerOid"),
      callerAppId: str(row, "CallerAppId"),
      operation: str(row, "OperationName"),
      clientIp: str(row, "ClientIp"),
      resultClass: resultClass as ResultClass,
      count: count(cell(row, "Count"), "Count", rowNumber),
      objects: count(cell(row, "Objects"), "Objects", rowNumber),
      objectNames: names(cell(row, "ObjectNames"), "ObjectNames", rowNumber),
      firstSeen: epoch(cell(row, "FirstSeen"), "FirstSeen", rowNumber),
      lastSeen: epoch(cell(row, "LastSeen"), "LastSeen", rowNumber),
      callerUpn: str(row, "CallerUpn"),
    };
  });
}

/**
 * Combines the results of the two tables. A workspace moving from AzureDiagnostics to
 * AZKVAuditLogs may hold a vault's hour in either; where both have it, the resource-specific
 * table wins so nothing is counted twice.
 */
export function mergeTableAggregates(resourceSpecific: readonly HourlyAggregate[], legacy: readonly HourlyAggregate[]): HourlyAggregate[] {
  if (legacy.length === 0) return [...resourceSpecific];
  const covered = new Set(resourceSpecific.map((aggregate) => `${aggregate.vault}\u0000${aggregate.hour}`));
  return [...resourceSpecific, ...legacy.filter((aggregate) => !covered.has(`${aggregate.vault}\u0000${aggregate.hour}`))];
}
