import { aggregateRecords, mergeTableAggregates, type HourlyAggregate } from "./aggregate.ts";
import { analyzeAggregates, type AnalysisOptions, type AnalysisResult } from "./analyze.ts";
import { analysisPeriod, DEFAULT_BASELINE_DAYS, DEFAULT_WINDOW_HOURS } from "./period.ts";
import { normalizeRow, type AuditRecord } from "./records.ts";
import type { KeyVaultLogTable } from "./schemas.ts";

export interface RowReport {
  total: number;
  /** Rows inside the baseline and window that were analysed. */
  analysed: number;
  /** AzureDiagnostics rows of other resource providers or categories. */
  ignored: number;
  /** Valid rows before the baseline or after `now`. */
  outsidePeriod: number;
  bad: { index: number; reason: string }[];
}

/** An export's rows, normalized and sorted by table; what was wrong with the rest. */
export interface AuditRows {
  records: Record<KeyVaultLogTable, AuditRecord[]>;
  /** Time of the newest valid row; undefined when there is none. */
  newest: number | undefined;
  report: RowReport;
}

export function readAuditRows(rows: readonly unknown[]): AuditRows {
  const report: RowReport = { total: rows.length, analysed: 0, ignored: 0, outsidePeriod: 0, bad: [] };
  const records: Record<KeyVaultLogTable, AuditRecord[]> = { AZKVAuditLogs: [], AzureDiagnostics: [] };
  let newest: number | undefined;
  rows.forEach((row, index) => {
    const normalized = normalizeRow(row);
    if (normalized.status === "bad") report.bad.push({ index, reason: normalized.reason });
    else if (normalized.status === "ignored") report.ignored += 1;
    else {
      records[normalized.table].push(normalized.record);
      if (newest === undefined || normalized.record.time > newest) newest = normalized.record.time;
    }
  });
  return { records, newest, report };
}

/**
 * What the online path's queries would return for the timespan [from, to]: each table
 * aggregated by the query's TypeScript twin, then merged the same way.
 */
export function aggregateAuditRows(rows: AuditRows, from: number, to: number): HourlyAggregate[] {
  const inRange = (records: AuditRecord[]): AuditRecord[] => {
    const kept = records.filter((record) => record.time >= from && record.time <= to);
    rows.report.outsidePeriod += records.length - kept.length;
    rows.report.analysed += kept.length;
    return kept;
  };
  return mergeTableAggregates(aggregateRecords(inRange(rows.records.AZKVAuditLogs)), aggregateRecords(inRange(rows.records.AzureDiagnostics)));
}

export interface RowsAnalysis extends AnalysisResult {
  rows: RowReport;
}

export type RowsAnalysisOptions = Omit<AnalysisOptions, "now"> & {
  /** The end of the detection window; the newest row's time when absent. */
  now?: Date;
};

export class NoRowsError extends Error {
  readonly report: RowReport;
  constructor(report: RowReport) {
    const first = report.bad[0];
    super(`no valid Key Vault audit rows to analyse (${report.total} read${first ? `; row ${first.index}: ${first.reason}` : ""})`);
    this.name = "NoRowsError";
    this.report = report;
  }
}

/**
 * Analyses an export of raw audit rows (AZKVAuditLogs, AzureDiagnostics, or both) exactly as the
 * online path analyses the queries' results. Bad rows are reported, not fatal.
 */
export function analyzeRows(rows: readonly unknown[], options: RowsAnalysisOptions): RowsAnalysis {
  const read = readAuditRows(rows);
  if (read.newest === undefined && options.now === undefined) throw new NoRowsError(read.report);
  const now = options.now ?? new Date(read.newest!);
  const period = analysisPeriod(now, options.windowHours ?? DEFAULT_WINDOW_HOURS, options.baselineDays ?? DEFAULT_BASELINE_DAYS);
  const aggregates = aggregateAuditRows(read, period.baselineStart, period.now);
  return { ...analyzeAggregates(aggregates, { ...options, now }), rows: read.report };
}
