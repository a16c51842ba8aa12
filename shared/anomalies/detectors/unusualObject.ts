import { HOUR_MS, type HourlyAggregate } from "../aggregate.ts";
import { isPerson, type ActivityIndex, type CallerOnVault } from "../activity.ts";
import { objectFingerprint } from "../baselines/profile.ts";
import { isGetOperation, isListOperation } from "../operations.ts";
import { logPoissonUpperTail } from "../statistics.ts";
import type { Anomaly } from "../types.ts";
import { anomalyOf, distinctAddresses, iso, round } from "./anomaly.ts";
import type { DetectorOptions } from "./options.ts";

const DAY_MS = 24 * HOUR_MS;
/** Names an anomaly lists; the count says how many there were. */
const LISTED_OBJECTS = 20;

const isSuccessfulRead = (request: HourlyAggregate) => request.resultClass === "success" && isGetOperation(request.operation);

/**
 * How fast the caller's set of objects grew in its baseline: objects first read after its first
 * day (when everything is new), per hour it was active after that day, with half an object of
 * prior so a set that never grew still has a small rate. The day it grew most is left out: what
 * a caller did on one day only may be a past incident, and must not hide the next. Also the days
 * on which objects were first read in the hour of a list or the next: the caller browsed.
 */
function baselineGrowth(pair: CallerOnVault): { perHour: number; browsingDays: Set<number> } {
  const settled = pair.firstSeen! + DAY_MS;
  const grownPerDay = new Map<number, number>();
  const browsingDays = new Set<number>();
  for (const hours of pair.baseline.objects.values()) {
    const first = Math.min(...hours);
    if (first < settled) continue;
    const day = Math.floor(first / DAY_MS);
    grownPerDay.set(day, (grownPerDay.get(day) ?? 0) + 1);
    if (pair.baseline.listed.has(first) || pair.baseline.listed.has(first - HOUR_MS)) browsingDays.add(day);
  }
  const grown = [...grownPerDay.values()].reduce((total, count) => total + count, 0) - Math.max(0, ...grownPerDay.values());
  let exposureHours = 0;
  for (const hour of pair.baseline.active) if (hour >= settled) exposureHours += 1;
  return { perHour: (grown + 0.5) / (exposureHours + 1), browsingDays };
}

/** Hours in which the caller listed objects, and the hour after each: reads there follow a list. */
function afterLists(requests: readonly HourlyAggregate[]): Set<number> {
  const hours = new Set<number>();
  for (const request of requests) {
    if (request.resultClass !== "success" || !isListOperation(request.operation)) continue;
    hours.add(request.hour);
    hours.add(request.hour + HOUR_MS);
  }
  return hours;
}

/**
 * unusual-object: a caller known on the vault reads secrets, keys or certificates it never
 * touched in its baseline, several of them over several hours, without listing the vault (a
 * low-and-slow theft reads what it already knows the names of; a dump after a list is a
 * mass-retrieval). Reads in the hour of a list or the next are left out for a person, and for a
 * service whose baseline, on any vault, shows new objects read right after its lists on two days
 * at least; not for one that lists only to load its own configuration at start-up. The number of new objects is judged against how fast
 * the caller's own object set grew in its baseline (a Poisson tail at that rate times the hours
 * it was active in the window, Bonferroni over the callers judged), so an identity that
 * legitimately reads new objects every day stays quiet; so does one with more objects than a
 * profile tracks.
 */
export function detectUnusualObjects(index: ActivityIndex, options: DetectorOptions): Anomaly[] {
  const { period } = index;
  const growthOf = new Map(index.pairs.filter((pair) => pair.firstSeen !== undefined).map((pair) => [pair, baselineGrowth(pair)]));
  // People browse (the portal lists before it shows anything); a service only if it did on two days at least, on any vault.
  const browsingDays = new Map<string, Set<number>>();
  for (const [pair, growth] of growthOf) browsingDays.set(pair.callerKey, new Set([...(browsingDays.get(pair.callerKey) ?? []), ...growth.browsingDays]));
  const browses = (pair: CallerOnVault) => isPerson(pair, index.identities) || (browsingDays.get(pair.callerKey)?.size ?? 0) >= 2;

  const candidates: { pair: CallerOnVault; reads: HourlyAggregate[]; newObjects: Map<string, Set<number>>; growth: ReturnType<typeof baselineGrowth> }[] = [];
  let tests = 0;
  for (const pair of index.pairs) {
    if (pair.anonymous || pair.firstSeen === undefined || pair.baseline.overflow.objects !== undefined) continue;
    if (period.windowStart - pair.firstSeen < options.minHistoryHours * HOUR_MS) continue;
    const growth = growthOf.get(pair)!;
    const listed = browses(pair) ? afterLists(pair.window) : new Set<number>();
    const reads = pair.window.filter((request) => isSuccessfulRead(request) && !listed.has(request.hour));
    if (reads.length === 0) continue;
    tests += 1;
    const newObjects = new Map<string, Set<number>>();
    for (const read of reads) {
      for (const name of read.objectNames) {
        if (pair.baseline.objects.has(objectFingerprint(name))) continue;
        const hours = newObjects.get(name) ?? new Set<number>();
        hours.add(read.hour);
        newObjects.set(name, hours);
      }
    }
    candidates.push({ pair, reads, newObjects, growth });
  }
  const logLevel = Math.log(options.familywiseAlpha / Math.max(1, tests));

  const anomalies: Anomaly[] = [];
  for (const { pair, reads, newObjects, growth } of candidates) {
    const hours = new Set([...newObjects.values()].flatMap((objectHours) => [...objectHours]));
    if (newObjects.size < options.minNewObjects || hours.size < options.minNewObjectHours) continue;
    const activeHours = new Set(pair.window.map((request) => request.hour)).size;
    const expected = growth.perHour * activeHours;
    const logP = logPoissonUpperTail(newObjects.size, expected);
    if (logP > logLevel) continue;
    const requests = reads.filter((read) => hours.has(read.hour) && read.objectNames.some((name) => newObjects.has(name)));
    const names = [...newObjects.keys()].sort();
    anomalies.push(
      anomalyOf("unusual-object", pair, requests, newObjects.size >= 3 * options.minNewObjects ? "high" : "medium", logP, {
        newObjects: names.slice(0, LISTED_OBJECTS),
        newObjectCount: names.length,
        hours: [...hours].sort((a, b) => a - b).map(iso),
        baselineObjects: pair.baseline.objects.size,
        baselineNewObjectsPerHour: round(growth.perHour, 4),
        expectedNewObjects: round(expected, 2),
        addresses: distinctAddresses(requests),
      }),
    );
  }
  return anomalies;
}
