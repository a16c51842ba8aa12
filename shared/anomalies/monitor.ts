import { dispatchAnomalies, type AlertDeduplicator, type AnomalySink, type DispatchResult } from "./alerts.ts";
import type { AllowlistEntry } from "./allowlist.ts";
import { analyzeAggregates, type AnalysisResult } from "./analyze.ts";
import { fetchKeyAccessAggregates, type CoverageGap, type FetchOptions, type LogsQueryRunner } from "./logAnalytics.ts";
import { analysisPeriod, DEFAULT_BASELINE_DAYS, DEFAULT_WINDOW_HOURS } from "./period.ts";

export interface KeyAccessCheckOptions {
  client: LogsQueryRunner;
  workspaceIds: readonly string[];
  now: Date;
  windowHours?: number;
  baselineDays?: number;
  allowlist?: readonly AllowlistEntry[];
  sinks: readonly AnomalySink[];
  deduplicator: AlertDeduplicator;
  query?: Omit<FetchOptions, "workspaceIds" | "from" | "to">;
}

export interface KeyAccessCheck {
  analysis: AnalysisResult;
  dispatch: DispatchResult;
  gaps: CoverageGap[];
  aggregates: number;
  queries: number;
}

/**
 * One run of the key access monitor: read the baseline and window from Log Analytics, detect,
 * send what is new. A gap in the baseline turns off the novelty detectors for this run (the
 * gap's callers would look new); a gap in the window only means less was seen.
 */
export async function checkKeyAccess(options: KeyAccessCheckOptions): Promise<KeyAccessCheck> {
  const windowHours = options.windowHours ?? DEFAULT_WINDOW_HOURS;
  const baselineDays = options.baselineDays ?? DEFAULT_BASELINE_DAYS;
  const period = analysisPeriod(options.now, windowHours, baselineDays);
  const fetched = await fetchKeyAccessAggregates(options.client, { ...options.query, workspaceIds: options.workspaceIds, from: period.baselineStart, to: period.now });
  const analysis = analyzeAggregates(fetched.aggregates, {
    now: options.now,
    windowHours,
    baselineDays,
    ...(options.allowlist ? { allowlist: options.allowlist } : {}),
    incompleteBaseline: fetched.gaps.some((gap) => gap.from < period.windowStart),
  });
  const dispatch = await dispatchAnomalies(analysis.anomalies, {
    sinks: options.sinks,
    deduplicator: options.deduplicator,
    now: period.now,
    windowMs: windowHours * 3_600_000,
  });
  return { analysis, dispatch, gaps: fetched.gaps, aggregates: fetched.aggregates.length, queries: fetched.queries };
}
