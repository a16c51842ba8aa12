import { aggregateRecords, mergeTableAggregates } from "./aggregate.ts";
import { analyzeAggregates, type AnalysisOptions, type AnalysisResult } from "./analyze.ts";
import { analysisPeriod, DEFAULT_BASELINE_DAYS, DEFAULT_WINDOW_HOURS } from "./period.ts";
import { normalizeRow, type AuditRecord } from "./records.ts";

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

export interface RowsAnalysis extends AnalysisResult {
  rows: RowReport;
}

export type RowsAnalysisOptions = Omit<AnalysisOptions, "now"> & {
  /** The end of the detection window; the newest row's time when absent. */
  now?: Date;
};

export class NoRowsError extends Error {
  constructor() {
    super("no valid Key Vault audit rows to analyse");
    this.name = "NoRowsError";
  }
}

/**
 * Analyses an export of raw audit rows (AZKVAuditLogs, AzureDiagnostics, or both) exactly as the
 * online path analyses the query's result: the rows the query's timespan would select, aggregated
 * per table by the query's TypeScript twin, merged the same way. Bad rows are reported, not fatal.
 */
export function analyzeRows(rows: readonly unknown[], options: RowsAnalysisOptions): RowsAnalysis {
  const report: RowReport = { total: rows.length, analysed: 0, ignored: 0, outsidePeriod: 0, bad: [] };
  const byTable = { AZKVAuditLogs: [] as AuditRecord[], AzureDiagnostics: [] as AuditRecord[] };
  let newest = Number.NEGATIVE_INFINITY;
  rows.forEach((row, index) => {
    const normalized = normalizeRow(row);
    if (normalized.status === "bad") report.bad.push({ index, reason: normalized.reason });
    else if (normalized.status === "ignored") report.ignored += 1;
    else {
      byTable[normalized.table].push(normalized.record);
      newest = Math.max(newest, normalized.record.time);
    }
  });
  if (newest === Number.NEGATIVE_INFINITY && options.now === undefined) throw new NoRowsError();
  const now = options.now ?? new Date(newest);
  const period = analysisPeriod(now, options.windowHours ?? DEFAULT_WINDOW_HOURS, options.baselineDays ?? DEFAULT_BASELINE_DAYS);
  const inPeriod = (records: AuditRecord[]): AuditRecord[] => {
    const kept = records.filter((record) => record.time >= period.baselineStart && record.time <= period.now);
    report.outsidePeriod += records.length - kept.length;
    report.analysed += kept.length;
    return kept;
  };
  const aggregates = mergeTableAggregates(aggregateRecords(inPeriod(byTable.AZKVAuditLogs)), aggregateRecords(inPeriod(byTable.AzureDiagnostics)));
  return { ...analyzeAggregates(aggregates, { ...options, now }), rows: report };
}
