import { HOUR_MS, type HourlyAggregate } from "../aggregate.ts";
import type { ActivityIndex, CallerOnVault } from "../activity.ts";
import { objectFingerprint } from "../baselines/profile.ts";
import { operationFamily } from "../operations.ts";
import type { Anomaly } from "../types.ts";
import { anomalyOf, countByOperation, iso, round } from "./anomaly.ts";
import { burstCandidates, flatExpectation, logChanceOfAtLeast } from "./countModel.ts";
import type { DetectorOptions } from "./options.ts";

const isCrypto = (request: HourlyAggregate) => operationFamily(request.operation) === "crypto";
/** 403 from a disabled or expired key, 404 from a deleted one. */
const isFailedCrypto = (request: HourlyAggregate) => isCrypto(request) && (request.resultClass === "forbidden" || request.resultClass === "notfound");
const isSuccessfulCrypto = (request: HourlyAggregate) => isCrypto(request) && request.resultClass === "success";

const sum = (requests: readonly HourlyAggregate[]) => requests.reduce((total, request) => total + request.count, 0);

/** Failed requests per key (a bucket naming one key is that key's; one naming several counts for each). */
function failuresByKey(failed: readonly HourlyAggregate[]): Map<string, number> {
  const byKey = new Map<string, number>();
  for (const request of failed) for (const name of request.objectNames) byKey.set(name, (byKey.get(name) ?? 0) + request.count);
  return byKey;
}

/**
 * key-unavailable: a caller's crypto operations (wrap, unwrap, encrypt, decrypt, sign, verify)
 * with a key it used successfully in its baseline fail in bulk, refused (403: the key is disabled
 * or expired) or not found (404: deleted): at least `minFailedCrypto` in an hour, at least
 * `unavailableShare` of its crypto operations in those hours, and beyond its own history of such
 * failures (negative-binomial tail, Bonferroni over the caller-hours judged). That is an outage
 * of the data the key protects, not an intrusion, and the anomaly says so and names the key. A
 * client retrying a few operations on a key someone deleted on purpose stays below the bar;
 * the denied-burst the same refusals raise is folded into this anomaly.
 */
export function detectKeyUnavailable(index: ActivityIndex, options: DetectorOptions): Anomaly[] {
  const { period } = index;
  const knownCaller = (pair: CallerOnVault) => !pair.anonymous && pair.firstSeen !== undefined;
  const { candidates, logLevel } = burstCandidates(index, knownCaller, isFailedCrypto, options.minFailedCrypto, options.familywiseAlpha);

  const anomalies: Anomaly[] = [];
  for (const { pair, current, slots } of candidates) {
    const expected = flatExpectation(pair.baseline.series("crypto-failed", pair.firstSeen!, period.windowStart), options.trimFraction);
    const bulkHours = slots.filter((slot) => current[slot]! >= options.minFailedCrypto).map((slot) => period.windowStart + slot * HOUR_MS);
    const failed = pair.window.filter((request) => isFailedCrypto(request) && bulkHours.includes(request.hour));
    const succeeded = pair.window.filter((request) => isSuccessfulCrypto(request) && bulkHours.includes(request.hour));
    if (sum(failed) < options.unavailableShare * (sum(failed) + sum(succeeded))) continue;
    const knownKeys = [...failuresByKey(failed)].filter(([name]) => name.startsWith("keys/") && pair.baseline.objects.has(objectFingerprint(name)));
    if (knownKeys.length === 0) continue;
    const logP = Math.min(...bulkHours.map((hour) => logChanceOfAtLeast(current[(hour - period.windowStart) / HOUR_MS]!, expected)));
    if (logP > logLevel) continue;
    knownKeys.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const [key] = knownKeys[0]!;
    const lastSuccess = pair.window.filter(isSuccessfulCrypto).reduce((last, request) => Math.max(last, request.lastSeen), Number.NEGATIVE_INFINITY);
    anomalies.push(
      anomalyOf("key-unavailable", pair, failed, "high", logP, {
        key,
        keys: knownKeys.map(([name, count]) => ({ key: name, failed: count })),
        failed: sum(failed),
        forbidden: sum(failed.filter((request) => request.resultClass === "forbidden")),
        notFound: sum(failed.filter((request) => request.resultClass === "notfound")),
        operations: countByOperation(failed),
        hours: bulkHours.map(iso),
        expectedFailuresPerHour: round(expected.mean),
        ...(Number.isFinite(lastSuccess) ? { lastSuccessInWindow: iso(lastSuccess) } : {}),
        impact: `${key} cannot be used: it is disabled, deleted or expired, so the data it protects cannot be read or written. An outage of that data rather than an intrusion: restore or re-enable the key, or move its users to another.`,
      }),
    );
  }
  return anomalies;
}
