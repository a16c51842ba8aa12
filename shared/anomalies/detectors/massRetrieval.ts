import { HOUR_MS, type HourlyAggregate } from "../aggregate.ts";
import { objectsReadByHour } from "../baselines/profile.ts";
import type { ActivityIndex } from "../activity.ts";
import { isGetOperation, isListOperation } from "../operations.ts";
import { logPoissonUpperTail } from "../statistics.ts";
import type { Anomaly } from "../types.ts";
import { anomalyOf, countByOperation, distinctAddresses, iso } from "./anomaly.ts";
import type { DetectorOptions } from "./options.ts";

function listHours(requests: readonly HourlyAggregate[]): number[] {
  return [...new Set(requests.filter((request) => request.resultClass === "success" && isListOperation(request.operation)).map((request) => request.hour))].sort((a, b) => a - b);
}

/** Objects read in the hour of a list and the hour after: a scripted dump fits well within it. */
function readAfterList(perHour: ReadonlyMap<number, number>, listHour: number): number {
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
    const windowReads = objectsReadByHour(pair.window);
    const baselineReads = pair.baseline.counts["objects-read"];
    const baselineAfterList = [...pair.baseline.listed].map((hour) => readAfterList(baselineReads, hour));
    const mostBefore = Math.max(0, pair.baseline.most("objects-read"), ...baselineAfterList);
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
