/**
 * The query API's `timespan`: an ISO 8601 interval, `start/end`, `start/duration`,
 * `duration/end`, or a bare duration ending now (the forms the logs client sends).
 */
export interface TimeRange {
  from: number;
  to: number;
}

const DURATION = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

export class TimespanError extends Error {
  constructor(value: string, reason: string) {
    super(`timespan ${JSON.stringify(value)}: ${reason}`);
    this.name = "TimespanError";
  }
}

function durationMs(text: string, whole: string): number {
  const match = DURATION.exec(text);
  if (!match || text.toUpperCase() === "P" || text.toUpperCase().endsWith("T")) throw new TimespanError(whole, `${JSON.stringify(text)} is not an ISO 8601 duration such as PT1H or P14D`);
  const [, days, hours, minutes, seconds] = match;
  return (Number(days ?? 0) * 24 * 3600 + Number(hours ?? 0) * 3600 + Number(minutes ?? 0) * 60 + Number(seconds ?? 0)) * 1000;
}

function instant(text: string, whole: string): number {
  const parsed = Date.parse(text);
  if (!Number.isFinite(parsed)) throw new TimespanError(whole, `${JSON.stringify(text)} is not an ISO 8601 date-time`);
  return parsed;
}

export function parseTimespan(value: string, now: number = Date.now()): TimeRange {
  const parts = value.split("/");
  if (parts.length === 1) return { from: now - durationMs(parts[0]!, value), to: now };
  if (parts.length !== 2) throw new TimespanError(value, "expected start/end, start/duration, duration/end or a duration");
  const [first, second] = parts as [string, string];
  const range = first.toUpperCase().startsWith("P")
    ? { from: instant(second, value) - durationMs(first, value), to: instant(second, value) }
    : second.toUpperCase().startsWith("P")
      ? { from: instant(first, value), to: instant(first, value) + durationMs(second, value) }
      : { from: instant(first, value), to: instant(second, value) };
  if (range.to < range.from) throw new TimespanError(value, "ends before it starts");
  return range;
}
