import { HOUR_MS, type HourlyAggregate } from "../aggregate.ts";
import type { ActivityIndex } from "../activity.ts";
import { isGetOperation, isListOperation } from "../operations.ts";
import { logPoissonUpperTail } from "../statistics.ts";
import type { Anomaly } from "../types.ts";
import { anomalyOf, countByOperation, distinctAddresses, iso } from "./anomaly.ts";
import type { DetectorOptions } from "./options.ts";

/**
 * Distinct objects read per hour: per get operation the largest bucket's distinct count (a
 * bucket is one address and result class, so this is a lower bound that never counts one
 * object twice), summed over secrets, keys and certificates.
 */
function objectsReadPerHour(requests: readonly HourlyAggregate[]): Map<number, number> {
  const largest = new Map<string, { hour: number; objects: number }>();
  for (const request of requests) {
    if (request.resultClass !== "success" || !isGetOperation(request.operation)) continue;
    const key = `${request.hour}\u0000${request.operation.toLowerCase()}`;
    const entry = largest.get(key);
    if (!entry || request.objects > entry.objects) largest.set(key, { hour: request.hour, objects: request.objects });
  }
  const perHour = new Map<number, number>();
  for (const { hour, objects } of largest.values()) perHour.set(hour, (perHour.get(hour) ?? 0) + objects);
  return perHour;
}

function listHours(requests: readonly HourlyAggregate[]): number[] {
  return [...new Set(requests.filter((request) => request.resultClass === "success" && isListOperation(request.operation)).map((request) => request.hour))].sort((a, b) => a - b);
}

/** Objects read in the hour of a list and the hour after: a scripted dump fits well within it. */
function readAfterList(perHour: Map<number, number>, listHour: number): number {
  return (perHour.get(listHour) ?? 0) + (perHour.get(listHour + HOUR_MS) ?? 0);
}

/**
 * mass-retrieval: a caller lists a vault's secrets or keys, then reads many distinct ones.
 * Applications that load their whole configuration at start-up do exactly that every day, so
 * the bar is the caller's own history: at least `minObjects`, and `massFold` times the most it
 * ever read after a list (or in any single hour) in the baseline.
 */
export function detectMassRetrievals(index: ActivityIndex, options: DetectorOptions): Anomaly[] {
  const anomalies: Anomaly[] = [];
  for (const pair of index.pairs) {
    if (pair.anonymous) continue;
    const lists = listHours(pair.window);
    if (lists.length === 0) continue;
    const windowReads = objectsReadPerHour(pair.window);
    const baselineReads = objectsReadPerHour(pair.baseline);
    const baselineAfterList = listHours(pair.baseline).map((hour) => readAfterList(baselineReads, hour));
    const mostBefore = Math.max(0, ...baselineReads.values(), ...baselineAfterList);
    const bar = Math.max(options.minObjects, options.massFold * mostBefore);
    const burst = lists
      .map((hour) => ({ hour, objects: readAfterList(windowReads, hour) }))
      .reduce<{ hour: number; objects: number } | undefined>((best, candidate) => (!best || candidate.objects > best.objects ? candidate : best), undefined);
    if (!burst || burst.objects < bar) continue;
    const requests = pair.window.filter(
      (request) =>
        request.resultClass === "success" && (request.hour === burst.hour || request.hour === burst.hour + HOUR_MS) && (isListOperation(request.operation) || isGetOperation(request.operation)),
    );
    // How unlikely so many reads are for a caller whose usual most is `mostBefore`.
    const logP = logPoissonUpperTail(burst.objects, Math.max(mostBefore, 1));
    anomalies.push(
      anomalyOf("mass-retrieval", pair, requests, "high", logP, {
        listedAt: iso(burst.hour),
        objectsRead: burst.objects,
        baselineMostObjects: mostBefore,
        operations: countByOperation(requests),
        addresses: distinctAddresses(requests),
      }),
    );
  }
  return anomalies;
}
