import { aggregateOperations, type AdministrativeOperation, type AdministrativeRecord } from "./administrative.ts";
import { aggregateRecords, mergeTableAggregates, type HourlyAggregate } from "./aggregate.ts";
import { analyzeAggregates, type AnalysisOptions, type AnalysisResult } from "./analyze.ts";
import { analysisPeriod, DEFAULT_BASELINE_DAYS, DEFAULT_WINDOW_HOURS, type AnalysisPeriod } from "./period.ts";
import { normalizeRow, type AuditRecord } from "./records.ts";
import type { KeyVaultLogTable } from "./schemas.ts";

export interface RowReport {
  total: number;
  /** Rows inside the period their query reads (baseline and window; the window for AzureActivity) that were analysed. */
  analysed: number;
  /** Rows of the three tables that their query leaves out: other resource providers, categories or resources. */
  ignored: number;
  /** Rows of other tables, counted by their `Type`. */
  otherTables: Record<string, number>;
  /** Valid rows outside the period their query reads. */
  outsidePeriod: number;
  /** Valid rows dated after `notAfter` (the clock): left out, so they cannot move the default `now`. */
  future: number;
  /** The oldest and newest valid row that is not in the future; undefined when there is none. */
  oldest?: number;
  newest?: number;
  bad: { index: number; reason: string }[];
}

/** An export's rows, normalized and sorted by table; what was wrong with the rest. */
export interface AuditRows {
  records: Record<KeyVaultLogTable, AuditRecord[]>;
  operations: AdministrativeRecord[];
  /** Time of the newest valid row; undefined when there is none. */
  newest: number | undefined;
  report: RowReport;
}

/** Reads an export that may mix AZKVAuditLogs, AzureDiagnostics and AzureActivity rows, told apart by `Type`. */
export function readAuditRows(rows: readonly unknown[], options: { notAfter?: number } = {}): AuditRows {
  const report: RowReport = { total: rows.length, analysed: 0, ignored: 0, otherTables: {}, outsidePeriod: 0, future: 0, bad: [] };
  const records: Record<KeyVaultLogTable, AuditRecord[]> = { AZKVAuditLogs: [], AzureDiagnostics: [] };
  const operations: AdministrativeRecord[] = [];
  rows.forEach((row, index) => {
    const normalized = normalizeRow(row);
    if (normalized.status === "bad") report.bad.push({ index, reason: normalized.reason });
    else if (normalized.status === "ignored") report.ignored += 1;
    else if (normalized.status === "other") report.otherTables[normalized.type] = (report.otherTables[normalized.type] ?? 0) + 1;
    else if (options.notAfter !== undefined && normalized.record.time > options.notAfter) report.future += 1;
    else {
      if (normalized.table === "AzureActivity") operations.push(normalized.record);
      else records[normalized.table].push(normalized.record);
      const time = normalized.record.time;
      if (report.newest === undefined || time > report.newest) report.newest = time;
      if (report.oldest === undefined || time < report.oldest) report.oldest = time;
    }
  });
  return { records, operations, newest: report.newest, report };
}

function inRange<T extends { time: number }>(report: RowReport, records: readonly T[], from: number, to: number): T[] {
  const kept = records.filter((record) => record.time >= from && record.time <= to);
  report.outsidePeriod += records.length - kept.length;
  report.analysed += kept.length;
  return kept;
}

/**
 * What the online path's key access queries would return for the timespan [from, to]: each
 * table aggregated by the query's TypeScript twin, then merged the same way.
 */
export function aggregateAuditRows(rows: AuditRows, from: number, to: number): HourlyAggregate[] {
  return mergeTableAggregates(aggregateRecords(inRange(rows.report, rows.records.AZKVAuditLogs, from, to)), aggregateRecords(inRange(rows.report, rows.records.AzureDiagnostics, from, to)));
}

/** What the AzureActivity query would return for [from, to]. */
export function administrativeOperations(rows: AuditRows, from: number, to: number): AdministrativeOperation[] {
  return aggregateOperations(inRange(rows.report, rows.operations, from, to));
}

export interface RowsAnalysis extends AnalysisResult {
  rows: RowReport;
  /** The hours judged and learnt from. */
  period: AnalysisPeriod;
}

export type RowsAnalysisOptions = Omit<AnalysisOptions, "now"> & {
  /** The end of the detection window; the newest row's time when absent. */
  now?: Date;
  /** Rows dated after this (the clock) are counted as future and left out. */
  notAfter?: Date;
};

export class NoRowsError extends Error {
  readonly report: RowReport;
  constructor(report: RowReport) {
    const first = report.bad[0];
    super(`no valid Key Vault audit or activity rows to analyse (${report.total} read${first ? `; row ${first.index}: ${first.reason}` : ""})`);
    this.name = "NoRowsError";
    this.report = report;
  }
}

/**
 * Analyses an export of raw rows (AZKVAuditLogs, AzureDiagnostics, AzureActivity, in any mix)
 * exactly as the online path analyses the queries' results. Bad rows and rows of other tables
 * are reported, not fatal.
 */
export function analyzeRows(rows: readonly unknown[], options: RowsAnalysisOptions): RowsAnalysis {
  const read = readAuditRows(rows, options.notAfter ? { notAfter: options.notAfter.getTime() } : {});
  if (read.newest === undefined && options.now === undefined) throw new NoRowsError(read.report);
  const now = options.now ?? new Date(read.newest!);
  const period = analysisPeriod(now, options.windowHours ?? DEFAULT_WINDOW_HOURS, options.baselineDays ?? DEFAULT_BASELINE_DAYS);
  const aggregates = aggregateAuditRows(read, period.baselineStart, period.now);
  const operations = administrativeOperations(read, period.windowStart, period.now);
  return { ...analyzeAggregates(aggregates, { ...options, now, operations }), rows: read.report, period };
}
