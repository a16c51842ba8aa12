import { HOUR_MS, type HourlyAggregate } from "../aggregate.ts";
import type { ActivityIndex } from "../activity.ts";
import { isDenial } from "../operations.ts";
import type { Anomaly } from "../types.ts";
import { anomalyOf, countByOperation, distinctAddresses, iso, round } from "./anomaly.ts";
import { burstCandidates, flatExpectation, logChanceOfAtLeast } from "./countModel.ts";
import type { DetectorOptions } from "./options.ts";

const isDenied = (request: HourlyAggregate) => isDenial(request.resultClass);

/**
 * denied-burst: many 401/403 responses for one caller (a token-less caller: one address) in an
 * hour, beyond what its own history of denials makes likely. A caller that is always refused
 * something (a missing permission) has that as its baseline. The authentication challenge is
 * its own result class and never counts.
 */
export function detectDeniedBursts(index: ActivityIndex, options: DetectorOptions): Anomaly[] {
  const { period } = index;
  const { candidates, logLevel } = burstCandidates(index, () => true, isDenied, options.minDenied, options.familywiseAlpha);

  const anomalies: Anomaly[] = [];
  for (const { pair, slots, current } of candidates) {
    // Without history the caller's whole baseline counts as quiet.
    const historyStart = pair.firstSeen ?? period.baselineStart;
    const expected = flatExpectation(pair.baseline.series("denied", historyStart, period.windowStart), options.trimFraction);
    const peaks: Record<string, unknown>[] = [];
    const requests: HourlyAggregate[] = [];
    let worst = 0;
    let most = 0;
    for (const slot of slots) {
      const count = current[slot]!;
      if (count < options.minDenied) continue;
      const logP = logChanceOfAtLeast(count, expected);
      if (logP > logLevel) continue;
      const hour = period.windowStart + slot * HOUR_MS;
      const denied = pair.window.filter((request) => request.hour === hour && isDenied(request));
      peaks.push({ hour: iso(hour), denied: count, expected: round(expected.mean), operations: countByOperation(denied) });
      requests.push(...denied);
      worst = Math.min(worst, logP);
      most = Math.max(most, count);
    }
    if (peaks.length === 0) continue;
    anomalies.push(
      anomalyOf("denied-burst", pair, requests, most >= 10 * options.minDenied ? "high" : "medium", worst, {
        peaks,
        addresses: distinctAddresses(requests),
        unauthorized: requests.filter((request) => request.resultClass === "unauthorized").reduce((sum, request) => sum + request.count, 0),
        forbidden: requests.filter((request) => request.resultClass === "forbidden").reduce((sum, request) => sum + request.count, 0),
      }),
    );
  }
  return anomalies;
}
