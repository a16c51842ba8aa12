import { buildActivityIndex } from "./activity.ts";
import type { HourlyAggregate } from "./aggregate.ts";
import { allowlistMatch, DEFAULT_ALLOWLIST, type AllowlistEntry } from "./allowlist.ts";
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
   * Part of the baseline could not be read. new-caller and new-ip would report whatever hid in
   * the gap as new, so they are not run.
   */
  incompleteBaseline?: boolean;
}

export interface AnalysisResult {
  anomalies: Anomaly[];
  period: AnalysisPeriod;
  /** Anomalies left out because an allowlist entry covers them. */
  allowlisted: number;
  /** Kinds not run, with the reason. */
  skipped: { kind: AnomalyKind; reason: string }[];
}

const NOVELTY_KINDS: readonly AnomalyKind[] = ["new-caller", "new-ip"];

function callerKey(anomaly: Anomaly): string {
  return `${anomaly.vault}\u0000${anomaly.caller.oid || anomaly.caller.appid}`;
}

/**
 * A mass retrieval is a read spike with a better explanation: a volume-spike of the same caller
 * on the same vault that is only about reads adds nothing to it.
 */
function withoutExplainedSpikes(anomalies: readonly Anomaly[]): Anomaly[] {
  const massRetrievals = new Set(anomalies.filter((anomaly) => anomaly.kind === "mass-retrieval").map(callerKey));
  return anomalies.filter((anomaly) => {
    if (anomaly.kind !== "volume-spike" || !massRetrievals.has(callerKey(anomaly))) return true;
    const peaks = (anomaly.evidence.peaks ?? []) as { family?: string }[];
    return peaks.some((peak) => peak.family === "crypto");
  });
}

function byImportance(a: Anomaly, b: Anomaly): number {
  return severityRank(b.severity) - severityRank(a.severity) || b.score - a.score || a.vault.localeCompare(b.vault) || a.kind.localeCompare(b.kind) || a.start.localeCompare(b.start);
}

/** Runs every detector over hourly aggregates: the core both the function and the CLI call. */
export function analyzeAggregates(aggregates: readonly HourlyAggregate[], options: AnalysisOptions): AnalysisResult {
  const period = analysisPeriod(options.now, options.windowHours ?? DEFAULT_WINDOW_HOURS, options.baselineDays ?? DEFAULT_BASELINE_DAYS);
  const detectorOptions: DetectorOptions = { ...DEFAULT_DETECTOR_OPTIONS, ...options.detectors };
  const allowlist = options.allowlist ?? DEFAULT_ALLOWLIST;
  const index = buildActivityIndex(aggregates, period);
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
    anomalies: withoutExplainedSpikes(kept).sort(byImportance),
    period,
    allowlisted: found.length - kept.length,
    skipped,
  };
}
