import type { ActivityInput } from "./activity.ts";
import { dispatchAnomalies, type AlertDeduplicator, type AnomalySink, type DispatchResult } from "./alerts.ts";
import type { AllowlistEntry, CallerMatcher } from "./allowlist.ts";
import { analyzeActivity, type AnalysisOptions, type AnalysisResult } from "./analyze.ts";
import { readWithBaselines, type BaselineStore } from "./baselines/index.ts";
import { profilesFromAggregates } from "./baselines/profile.ts";
import { fetchKeyAccessAggregates, type CoverageGap, type FetchOptions, type LogsQueryRunner } from "./logAnalytics.ts";
import { analysisPeriod, DEFAULT_BASELINE_DAYS, DEFAULT_WINDOW_HOURS, type AnalysisPeriod } from "./period.ts";

export interface KeyAccessCheckOptions {
  client: LogsQueryRunner;
  workspaceIds: readonly string[];
  now: Date;
  windowHours?: number;
  baselineDays?: number;
  allowlist?: readonly AllowlistEntry[];
  sinks: readonly AnomalySink[];
  deduplicator: AlertDeduplicator;
  query?: Omit<FetchOptions, "workspaceIds" | "from" | "to" | "activityFrom">;
  /** Where baselines persist between runs (the ledger's account); without it each run reads the whole baseline. */
  baselines?: BaselineStore;
  serviceIdentity?: AnalysisOptions["serviceIdentity"];
  people?: readonly CallerMatcher[];
}

export interface KeyAccessCheck {
  analysis: AnalysisResult;
  dispatch: DispatchResult;
  gaps: CoverageGap[];
  /** Hourly aggregates in the window. */
  aggregates: number;
  queries: number;
  /** How the baseline was had: read whole (no store), rebuilt into the store (with why), or updated from the hours since the last run. */
  baseline: { mode: "read" } | { mode: "rebuilt"; reason: string } | { mode: "updated" };
}

interface Reading {
  input: ActivityInput;
  incompleteBaseline: boolean;
  gaps: CoverageGap[];
  queries: number;
  baseline: KeyAccessCheck["baseline"];
}

/** Without a store: the whole baseline and window from Log Analytics, profiles built for this run only. */
async function readWhole(options: KeyAccessCheckOptions, period: AnalysisPeriod): Promise<Reading> {
  const fetched = await fetchKeyAccessAggregates(options.client, {
    ...options.query,
    workspaceIds: options.workspaceIds,
    from: period.baselineStart,
    to: period.now,
    activityFrom: period.windowStart,
  });
  return {
    input: {
      profiles: profilesFromAggregates(fetched.aggregates, period.baselineStart, period.windowStart),
      window: fetched.aggregates.filter((aggregate) => aggregate.hour >= period.windowStart),
      operations: fetched.operations,
    },
    incompleteBaseline: fetched.gaps.some((gap) => gap.from < period.windowStart),
    gaps: fetched.gaps,
    queries: fetched.queries,
    baseline: { mode: "read" },
  };
}

async function readStored(options: KeyAccessCheckOptions, store: BaselineStore, period: AnalysisPeriod): Promise<Reading> {
  const read = await readWithBaselines({ client: options.client, store, workspaceIds: options.workspaceIds, period, ...(options.query ? { query: options.query } : {}) });
  return { ...read, baseline: read.rebuilt === undefined ? { mode: "updated" } : { mode: "rebuilt", reason: read.rebuilt } };
}

/**
 * One run of the key access monitor: read what the baseline and window need from Log Analytics
 * (everything, or with a store only the hours since the last run), detect, send what is new. A
 * gap in the baseline turns off the novelty detectors for this run (the gap's callers would look
 * new); a gap in the window only means less was seen.
 */
export async function checkKeyAccess(options: KeyAccessCheckOptions): Promise<KeyAccessCheck> {
  const windowHours = options.windowHours ?? DEFAULT_WINDOW_HOURS;
  const baselineDays = options.baselineDays ?? DEFAULT_BASELINE_DAYS;
  const period = analysisPeriod(options.now, windowHours, baselineDays);
  const reading = options.baselines ? await readStored(options, options.baselines, period) : await readWhole(options, period);
  const analysis = analyzeActivity(reading.input, {
    now: options.now,
    windowHours,
    baselineDays,
    ...(options.allowlist ? { allowlist: options.allowlist } : {}),
    ...(options.serviceIdentity ? { serviceIdentity: options.serviceIdentity } : {}),
    ...(options.people ? { people: options.people } : {}),
    incompleteBaseline: reading.incompleteBaseline,
  });
  const dispatch = await dispatchAnomalies(analysis.anomalies, {
    sinks: options.sinks,
    deduplicator: options.deduplicator,
    now: period.now,
    windowMs: windowHours * 3_600_000,
  });
  return { analysis, dispatch, gaps: reading.gaps, aggregates: reading.input.window.length, queries: reading.queries, baseline: reading.baseline };
}
