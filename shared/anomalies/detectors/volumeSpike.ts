import type { HourlyAggregate } from "../aggregate.ts";
import { HOUR_MS } from "../aggregate.ts";
import type { ActivityIndex, CallerOnVault } from "../activity.ts";
import { operationFamily, type OperationFamily } from "../operations.ts";
import { logPoissonUpperTail } from "../statistics.ts";
import type { Anomaly } from "../types.ts";
import { anomalyOf, iso, round } from "./anomaly.ts";
import { hourlyCounts, logChanceOfAtLeast, SeasonalProfile } from "./countModel.ts";
import type { DetectorOptions } from "./options.ts";

interface Series {
  pair: CallerOnVault;
  family: OperationFamily;
  historyStart: number;
}

function isFamilySuccess(family: OperationFamily) {
  return (request: HourlyAggregate) => request.resultClass === "success" && operationFamily(request.operation) === family;
}

/**
 * volume-spike: a caller's hourly count of an operation family far above what its own history
 * expects for that time of day and kind of day. Significance is a negative binomial tail with a
 * Bonferroni split of `familywiseAlpha` over every series-hour judged; "far above" is
 * `spikeFold` times the expectation, at least `minSpikeCount` requests, and beyond the caller's
 * own record at that level (see SeasonalProfile).
 * Callers new to the vault have no history to exceed: new-caller speaks for them.
 */
export function detectVolumeSpikes(index: ActivityIndex, options: DetectorOptions): Anomaly[] {
  const { period } = index;
  const windowHours = (period.windowEnd - period.windowStart) / HOUR_MS;
  const series: Series[] = [];
  for (const pair of index.pairs) {
    if (pair.anonymous || pair.firstSeen === undefined || pair.window.length === 0) continue;
    if (period.windowStart - pair.firstSeen < options.minHistoryHours * HOUR_MS) continue;
    const families = new Set<OperationFamily>();
    for (const request of pair.window) {
      const family = operationFamily(request.operation);
      if (family && request.resultClass === "success") families.add(family);
    }
    for (const family of families) series.push({ pair, family, historyStart: pair.firstSeen });
  }
  const logLevel = Math.log(options.familywiseAlpha / Math.max(1, series.length * windowHours));

  const peaksByPair = new Map<CallerOnVault, { peaks: Record<string, unknown>[]; requests: HourlyAggregate[]; logP: number; fold: number }>();
  for (const { pair, family, historyStart } of series) {
    const select = isFamilySuccess(family);
    const current = hourlyCounts(pair.window, period.windowStart, period.windowEnd, select);
    if (!current.some((count) => count >= options.minSpikeCount)) continue;
    const profile = new SeasonalProfile(pair.baseline.series(family, historyStart, period.windowStart), historyStart, options.trimFraction);
    current.forEach((count, slot) => {
      if (count < options.minSpikeCount) return;
      const hour = period.windowStart + slot * HOUR_MS;
      const expected = profile.expectationAt(hour);
      const fold = count / Math.max(expected.mean, 1);
      if (fold < options.spikeFold) return;
      const logP = logChanceOfAtLeast(count, expected);
      // Beyond the rhythm, and beyond what the caller has already done: not a draw around its record.
      if (logP > logLevel || logPoissonUpperTail(count, profile.recordAt(hour)) > logLevel) return;
      const entry = peaksByPair.get(pair) ?? { peaks: [], requests: [], logP: 0, fold: 0 };
      entry.peaks.push({ hour: iso(hour), family, count, expected: round(expected.mean), record: round(profile.recordAt(hour)), comparableHours: expected.comparableHours });
      entry.requests.push(...pair.window.filter((request) => request.hour === hour && select(request)));
      entry.logP = Math.min(entry.logP, logP);
      entry.fold = Math.max(entry.fold, fold);
      peaksByPair.set(pair, entry);
    });
  }

  return [...peaksByPair].map(([pair, { peaks, requests, logP, fold }]) =>
    anomalyOf("volume-spike", pair, requests, fold >= 10 ? "high" : "medium", logP, {
      peaks,
      historyDays: round((period.windowStart - pair.firstSeen!) / (24 * HOUR_MS), 1),
    }),
  );
}
