import { HOUR_MS, type HourlyAggregate } from "../aggregate.ts";
import type { ActivityIndex, CallerOnVault } from "../activity.ts";
import { hourOfDay, isWeekend } from "../period.ts";
import { logCountUpperTail, upperTrimmedMoments } from "../statistics.ts";

/**
 * What a caller's hourly count of some requests is expected to be, learnt from its own history.
 * The hours of the same kind of day (weekday or weekend) within an hour of the same time of day
 * carry the daily and weekly rhythm; the whole history pulls a thin comparison set towards the
 * caller's overall level (two pseudo-hours of shrinkage).
 */
export interface CountExpectation {
  mean: number;
  variance: number;
  /** Baseline hours the expectation rests on. */
  comparableHours: number;
}

/** Fewer comparable hours than this and the whole history serves as the comparison set. */
const MIN_COMPARABLE_HOURS = 8;
const SHRINKAGE_HOURS = 2;

/** Zero-filled hourly counts of the selected requests over [from, to). */
export function hourlyCounts(requests: readonly HourlyAggregate[], from: number, to: number, select: (request: HourlyAggregate) => boolean): number[] {
  const counts = new Array<number>(Math.max(0, Math.round((to - from) / HOUR_MS))).fill(0);
  for (const request of requests) {
    if (request.hour < from || request.hour >= to || !select(request)) continue;
    const slot = Math.round((request.hour - from) / HOUR_MS);
    counts[slot]! += request.count;
  }
  return counts;
}

function expectation(comparable: readonly number[], history: readonly number[], trimFraction: number): CountExpectation {
  const overall = upperTrimmedMoments(history, trimFraction);
  const local = upperTrimmedMoments(comparable, trimFraction);
  const shrunkMean = (local.n * local.mean + SHRINKAGE_HOURS * overall.mean) / (local.n + SHRINKAGE_HOURS);
  // Never below half a request over the whole history: "never did it" is not "cannot do it".
  const mean = Math.max(shrunkMean, 0.5 / Math.max(1, history.length));
  return { mean, variance: Math.max(local.variance, mean), comparableHours: local.n };
}

/** Expectation for any hour, for counts without a rhythm of their own (denials). */
export function flatExpectation(history: readonly number[], trimFraction: number): CountExpectation {
  return expectation(history, history, trimFraction);
}

/** ln of the chance of at least `count` given the expectation (negative binomial or Poisson). */
export function logChanceOfAtLeast(count: number, expected: CountExpectation): number {
  return logCountUpperTail(count, expected.mean, expected.variance);
}

/** One of the 48 slots of the week's rhythm: weekday or weekend, hour of day. */
function rhythmSlot(hour: number): number {
  return (isWeekend(hour) ? 24 : 0) + hourOfDay(hour);
}

function circularHourDistance(a: number, b: number): number {
  const distance = Math.abs(a - b);
  return Math.min(distance, 24 - distance);
}

/**
 * A caller's history with its daily and weekly rhythm. Besides the expectation for any hour it
 * keeps the caller's record: the highest hourly count, and the highest ratio of an hour's count
 * to that hour's expectation, that the caller reached on at least two different days. What a
 * caller does on several days is its behaviour however rare (an application restart that reloads
 * all its secrets); what it did on one day only may be a past incident, and must not hide the next.
 */
export class SeasonalProfile {
  readonly #expectations: CountExpectation[];
  readonly #recordRatio: number;
  readonly #recordCount: number;

  constructor(history: readonly number[], historyStart: number, trimFraction: number) {
    const slotOf = history.map((_, index) => rhythmSlot(historyStart + index * HOUR_MS));
    this.#expectations = Array.from({ length: 48 }, (_, slot) => {
      const weekend = slot >= 24;
      const timeOfDay = slot % 24;
      const comparable = history.filter((_, index) => {
        const other = slotOf[index]!;
        return other >= 24 === weekend && circularHourDistance(other % 24, timeOfDay) <= 1;
      });
      return expectation(comparable.length >= MIN_COMPARABLE_HOURS ? comparable : history, history, trimFraction);
    });
    const highestRatioPerDay = new Map<number, number>();
    const highestCountPerDay = new Map<number, number>();
    history.forEach((count, index) => {
      const day = Math.floor((historyStart + index * HOUR_MS) / (24 * HOUR_MS));
      const ratio = count / this.#expectations[slotOf[index]!]!.mean;
      highestRatioPerDay.set(day, Math.max(highestRatioPerDay.get(day) ?? 0, ratio));
      highestCountPerDay.set(day, Math.max(highestCountPerDay.get(day) ?? 0, count));
    });
    const secondHighest = (values: Map<number, number>) => [...values.values()].sort((a, b) => b - a)[1] ?? 0;
    this.#recordRatio = secondHighest(highestRatioPerDay);
    this.#recordCount = secondHighest(highestCountPerDay);
  }

  expectationAt(hour: number): CountExpectation {
    return this.#expectations[rhythmSlot(hour)]!;
  }

  /**
   * The most the caller has done before, on two days at least: in any single hour, or relative to
   * the rhythm scaled to this hour's level, whichever is higher. A scheduled job moved to another
   * hour stays within the first; a quiet hour's normal wobble within the second.
   */
  recordAt(hour: number): number {
    return Math.max(this.#recordCount, this.#recordRatio * this.expectationAt(hour).mean);
  }
}

/** A caller whose window holds an hour with at least the minimum count of some requests. */
export interface BurstCandidate {
  pair: CallerOnVault;
  /** Hourly counts of the selected requests over the window. */
  current: number[];
  /** Window hours (as slots) with any such request: each is one test. */
  slots: number[];
}

/**
 * The callers with a burst of the selected requests (at least `minimum` in some hour of the
 * window) and the significance level each hour must reach: `familywiseAlpha` split over every
 * caller-hour with any such request (Bonferroni), so more callers do not mean more noise.
 */
export function burstCandidates(
  index: ActivityIndex,
  eligible: (pair: CallerOnVault) => boolean,
  select: (request: HourlyAggregate) => boolean,
  minimum: number,
  familywiseAlpha: number,
): { candidates: BurstCandidate[]; logLevel: number } {
  const { period } = index;
  const candidates: BurstCandidate[] = [];
  let tests = 0;
  for (const pair of index.pairs) {
    if (!eligible(pair) || !pair.window.some(select)) continue;
    const current = hourlyCounts(pair.window, period.windowStart, period.windowEnd, select);
    const slots = current.flatMap((count, slot) => (count > 0 ? [slot] : []));
    tests += slots.length;
    if (slots.some((slot) => current[slot]! >= minimum)) candidates.push({ pair, current, slots });
  }
  return { candidates, logLevel: Math.log(familywiseAlpha / Math.max(1, tests)) };
}
