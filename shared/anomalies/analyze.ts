import { buildActivityIndex, type ActivityInput, type KnownIdentities } from "./activity.ts";
import type { AdministrativeOperation } from "./administrative.ts";
import type { HourlyAggregate } from "./aggregate.ts";
import { allowlistMatch, DEFAULT_ALLOWLIST, type AllowlistEntry, type CallerMatcher } from "./allowlist.ts";
import { profilesFromAggregates } from "./baselines/profile.ts";
import { operationFamily } from "./operations.ts";
import { DEFAULT_DETECTOR_OPTIONS, DETECTORS, type DetectorOptions } from "./detectors/index.ts";
import { analysisPeriod, DEFAULT_BASELINE_DAYS, DEFAULT_WINDOW_HOURS, type AnalysisPeriod } from "./period.ts";
import { ANOMALY_KINDS, severityRank, type Anomaly, type AnomalyKind } from "./types.ts";

export interface AnalysisOptions {
  /** The end of the detection window. */
  now: Date;
  windowHours?: number;
  baselineDays?: number;
  /** Callers whose access is expected; the default allowlist (Microsoft's scanners) when absent. */
  allowlist?: readonly AllowlistEntry[];
  detectors?: Partial<DetectorOptions>;
  /**
   * Part of the baseline could not be read. The detectors of novelty (new-caller, new-ip,
   * unusual-object, off-hours) would report whatever hid in the gap as new, so they are not run.
   */
  incompleteBaseline?: boolean;
  /** The service's own identity (GUARD_SERVICE_APP_ID / GUARD_SERVICE_OBJECT_ID, or its managed identity). */
  serviceIdentity?: KnownIdentities["service"];
  /** Identities that are people although their tokens carry no UPN (the policy's `anomalies.people`). */
  people?: readonly CallerMatcher[];
}

export interface AnalysisResult {
  anomalies: Anomaly[];
  period: AnalysisPeriod;
  /** Anomalies left out because an allowlist entry covers them. */
  allowlisted: number;
  /** Kinds not run, with the reason. */
  skipped: { kind: AnomalyKind; reason: string }[];
}

const NOVELTY_KINDS: readonly AnomalyKind[] = ["new-caller", "new-ip", "unusual-object", "off-hours"];

function callerKey(anomaly: Anomaly): string {
  return `${anomaly.vault}\u0000${anomaly.caller.oid || anomaly.caller.appid}`;
}

/**
 * Anomalies that a better explanation of the same requests covers: a read-only volume-spike of a
 * caller with a mass-retrieval (the dump is the spike), a denied-burst of a caller whose key
 * became unavailable (the refusals are the outage).
 */
function withoutExplained(anomalies: readonly Anomaly[]): Anomaly[] {
  const of = (kind: AnomalyKind) => new Set(anomalies.filter((anomaly) => anomaly.kind === kind).map(callerKey));
  const massRetrievals = of("mass-retrieval");
  const unavailableKeys = of("key-unavailable");
  return anomalies.filter((anomaly) => {
    if (anomaly.kind === "volume-spike" && massRetrievals.has(callerKey(anomaly))) {
      const peaks = (anomaly.evidence.peaks ?? []) as { family?: string }[];
      return peaks.some((peak) => peak.family === "crypto");
    }
    if (anomaly.kind === "denied-burst" && unavailableKeys.has(callerKey(anomaly))) {
      const peaks = (anomaly.evidence.peaks ?? []) as { operations?: Record<string, number> }[];
      return peaks.some((peak) => Object.keys(peak.operations ?? {}).some((operation) => operationFamily(operation) !== "crypto"));
    }
    return true;
  });
}

function byImportance(a: Anomaly, b: Anomaly): number {
  return severityRank(b.severity) - severityRank(a.severity) || b.score - a.score || a.vault.localeCompare(b.vault) || a.kind.localeCompare(b.kind) || a.start.localeCompare(b.start);
}

/**
 * Runs every detector over baseline profiles and the window's requests and administrative
 * operations: the core both the timer and the CLI call.
 */
export function analyzeActivity(input: ActivityInput, options: AnalysisOptions): AnalysisResult {
  const period = analysisPeriod(options.now, options.windowHours ?? DEFAULT_WINDOW_HOURS, options.baselineDays ?? DEFAULT_BASELINE_DAYS);
  const detectorOptions: DetectorOptions = { ...DEFAULT_DETECTOR_OPTIONS, ...options.detectors };
  const allowlist = options.allowlist ?? DEFAULT_ALLOWLIST;
  const index = buildActivityIndex(input, period, { ...(options.serviceIdentity ? { service: options.serviceIdentity } : {}), people: options.people ?? [] });
  const skipped: AnalysisResult["skipped"] = [];
  const found: Anomaly[] = [];
  for (const kind of ANOMALY_KINDS) {
    if (options.incompleteBaseline && NOVELTY_KINDS.includes(kind)) {
      skipped.push({ kind, reason: "part of the baseline could not be read, so what it held would look new" });
      continue;
    }
    found.push(...DETECTORS[kind](index, detectorOptions));
  }
  const kept = found.filter((anomaly) => !allowlistMatch(allowlist, anomaly.caller, anomaly.kind, anomaly.vault));
  return {
    anomalies: withoutExplained(kept).sort(byImportance),
    period,
    allowlisted: found.length - kept.length,
    skipped,
  };
}

/**
 * The same over hourly aggregates that cover the baseline and the window (an export's, or a full
 * read of the workspace): the baseline profiles are built from the aggregates before the window.
 */
export function analyzeAggregates(aggregates: readonly HourlyAggregate[], options: AnalysisOptions & { operations?: readonly AdministrativeOperation[] }): AnalysisResult {
  const period = analysisPeriod(options.now, options.windowHours ?? DEFAULT_WINDOW_HOURS, options.baselineDays ?? DEFAULT_BASELINE_DAYS);
  const profiles = profilesFromAggregates(aggregates, period.baselineStart, period.windowStart);
  const window = aggregates.filter((aggregate) => aggregate.hour >= period.windowStart && aggregate.hour < period.windowEnd);
  return analyzeActivity({ profiles, window, operations: options.operations ?? [] }, options);
}
