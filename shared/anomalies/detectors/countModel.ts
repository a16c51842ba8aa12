import { HOUR_MS, type HourlyAggregate } from "../aggregate.ts";
import { hourOfDay, isWeekend } from "../period.ts";
import { logCountUpperTail, upperTrimmedMoments } from "../statistics.ts";

/**
 * What a caller's hourly count of some requests is expected to be, learnt from its own history:
 * the hours of the same kind of day (weekday or weekend) within an hour of the same time of day
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

function circularHourDistance(a: number, b: number): number {
  const distance = Math.abs(a - b);
  return Math.min(distance, 24 - distance);
}

function expectation(comparable: readonly number[], history: readonly number[], trimFraction: number): CountExpectation {
  const overall = upperTrimmedMoments(history, trimFraction);
  const local = upperTrimmedMoments(comparable, trimFraction);
  const shrunkMean = (local.n * local.mean + SHRINKAGE_HOURS * overall.mean) / (local.n + SHRINKAGE_HOURS);
  // Never below half a request over the whole history: "never did it" is not "cannot do it".
  const mean = Math.max(shrunkMean, 0.5 / Math.max(1, history.length));
  return { mean, variance: Math.max(local.variance, mean), comparableHours: local.n };
}

/** Expectation for `hour` from a history that starts at `historyStart`, with the daily and weekly rhythm. */
export function seasonalExpectation(history: readonly number[], historyStart: number, hour: number, trimFraction: number): CountExpectation {
  const weekend = isWeekend(hour);
  const timeOfDay = hourOfDay(hour);
  const comparable: number[] = [];
  for (let slot = 0; slot < history.length; slot++) {
    const slotHour = historyStart + slot * HOUR_MS;
    if (isWeekend(slotHour) === weekend && circularHourDistance(hourOfDay(slotHour), timeOfDay) <= 1) comparable.push(history[slot]!);
  }
  return expectation(comparable.length >= MIN_COMPARABLE_HOURS ? comparable : history, history, trimFraction);
}

/** Expectation for any hour, for counts without a rhythm of their own (denials). */
export function flatExpectation(history: readonly number[], trimFraction: number): CountExpectation {
  return expectation(history, history, trimFraction);
}

/** ln of the chance of at least `count` given the expectation (negative binomial or Poisson). */
export function logChanceOfAtLeast(count: number, expected: CountExpectation): number {
  return logCountUpperTail(count, expected.mean, expected.variance);
}
