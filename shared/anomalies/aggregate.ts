import type { AuditRecord } from "./records.ts";
import { classifyResult, RESULT_CLASSES, type ResultClass } from "./operations.ts";
import { AggregateTableError, isoTime, resultReader, rowOf, type ResultColumn } from "./resultTable.ts";

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
export const AGGREGATE_COLUMNS: readonly ResultColumn<HourlyAggregate>[] = [
  { name: "Hour", type: "datetime", cell: (a) => isoTime(a.hour) },
  { name: "Vault", type: "string", cell: (a) => a.vault },
  { name: "CallerOid", type: "string", cell: (a) => a.callerOid },
  { name: "CallerAppId", type: "string", cell: (a) => a.callerAppId },
  { name: "OperationName", type: "string", cell: (a) => a.operation },
  { name: "ClientIp", type: "string", cell: (a) => a.clientIp },
  { name: "ResultClass", type: "string", cell: (a) => a.resultClass },
  { name: "Count", type: "long", cell: (a) => a.count },
  { name: "Objects", type: "long", cell: (a) => a.objects },
  { name: "ObjectNames", type: "dynamic", cell: (a) => a.objectNames },
  { name: "FirstSeen", type: "datetime", cell: (a) => isoTime(a.firstSeen) },
  { name: "LastSeen", type: "datetime", cell: (a) => isoTime(a.lastSeen) },
  { name: "CallerUpn", type: "string", cell: (a) => a.callerUpn },
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

export function aggregateToRow(aggregate: HourlyAggregate): unknown[] {
  return rowOf(AGGREGATE_COLUMNS, aggregate);
}

const resultClasses = new Set<string>(RESULT_CLASSES);
const OBJECT_NAME_LENGTH = 300;

/** Reads a query result table back into aggregates (see resultTable.ts). */
export function aggregatesFromTable(columnNames: readonly string[], rows: readonly (readonly unknown[])[]): HourlyAggregate[] {
  const read = resultReader(
    columnNames,
    AGGREGATE_COLUMNS.map((column) => column.name),
  );
  return rows.map((row, rowNumber) => {
    const cells = read(row, rowNumber);
    const resultClass = cells.text("ResultClass");
    if (!resultClasses.has(resultClass)) throw new AggregateTableError(`row ${rowNumber}, column ResultClass: unknown class ${JSON.stringify(resultClass)}`);
    return {
      hour: cells.time("Hour"),
      vault: cells.text("Vault"),
      callerOid: cells.text("CallerOid"),
      callerAppId: cells.text("CallerAppId"),
      operation: cells.text("OperationName"),
      clientIp: cells.text("ClientIp"),
      resultClass: resultClass as ResultClass,
      count: cells.count("Count"),
      objects: cells.count("Objects"),
      // Sorted and distinct: make_set promises no order.
      objectNames: [...new Set(cells.strings("ObjectNames", MAX_OBJECT_NAMES, OBJECT_NAME_LENGTH))].sort(),
      firstSeen: cells.time("FirstSeen"),
      lastSeen: cells.time("LastSeen"),
      callerUpn: cells.text("CallerUpn"),
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
