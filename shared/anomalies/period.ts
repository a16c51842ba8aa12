import { floorHour, HOUR_MS } from "./aggregate.ts";

/**
 * The hours an analysis judges and the hours it learns from. The window is the `windowHours`
 * hourly bins ending with the one that contains `now`; the baseline is the `baselineDays`
 * before it. Whole bins keep an hour from straddling the two.
 */
export interface AnalysisPeriod {
  now: number;
  baselineStart: number;
  windowStart: number;
  /** Exclusive: the end of the hour that contains `now`. */
  windowEnd: number;
}

export const DEFAULT_WINDOW_HOURS = 24;
export const DEFAULT_BASELINE_DAYS = 14;

export function analysisPeriod(now: Date, windowHours = DEFAULT_WINDOW_HOURS, baselineDays = DEFAULT_BASELINE_DAYS): AnalysisPeriod {
  const nowMs = now.getTime();
  if (!Number.isFinite(nowMs)) throw new RangeError("now: expected a valid date");
  if (!Number.isInteger(windowHours) || windowHours < 1) throw new RangeError(`windowHours: expected a whole number of at least 1, got ${windowHours}`);
  if (!Number.isInteger(baselineDays) || baselineDays < 1) throw new RangeError(`baselineDays: expected a whole number of at least 1, got ${baselineDays}`);
  const windowEnd = floorHour(nowMs) + HOUR_MS;
  const windowStart = windowEnd - windowHours * HOUR_MS;
  return { now: nowMs, windowStart, windowEnd, baselineStart: windowStart - baselineDays * 24 * HOUR_MS };
}

/** Hour of day (UTC) of an hour bin. */
export function hourOfDay(hour: number): number {
  return Math.floor(hour / HOUR_MS) % 24;
}

/** Saturday or Sunday (UTC): the weekly rhythm splits on it. */
export function isWeekend(hour: number): boolean {
  // Day 0 of the epoch was a Thursday.
  const weekday = (Math.floor(hour / (24 * HOUR_MS)) + 4) % 7;
  return weekday === 0 || weekday === 6;
}
