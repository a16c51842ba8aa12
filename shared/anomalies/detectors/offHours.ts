import { HOUR_MS, type HourlyAggregate } from "../aggregate.ts";
import { isPerson, type ActivityIndex } from "../activity.ts";
import { operationFamily, sensitiveImpact } from "../operations.ts";
import { hourOfDay, isWeekend } from "../period.ts";
import type { Anomaly } from "../types.ts";
import { anomalyOf, countByOperation, distinctAddresses, iso } from "./anomaly.ts";
import type { DetectorOptions } from "./options.ts";

const DAY_MS = 24 * HOUR_MS;

/** One of the 48 slots of a working week: weekday or weekend, hour of day (UTC). */
function slotOf(hour: number): number {
  return (isWeekend(hour) ? 24 : 0) + hourOfDay(hour);
}

/** A slot's hour of day moved by `offset` hours, on the same kind of day. */
function shifted(slot: number, offset: number): number {
  const dayKind = slot >= 24 ? 24 : 0;
  return dayKind + (((((slot % 24) + offset) % 24) + 24) % 24);
}

/**
 * The slots a person works: every hour of a kind of day within `margin` hours of ones they were
 * active in on at least two different days. A single night is not their hours: it may be a past
 * incident, and must not hide the next.
 */
function workedSlots(activeHours: Iterable<number>, margin: number): Set<number> {
  const days = new Map<number, Set<number>>();
  for (const hour of activeHours) {
    for (let offset = -margin; offset <= margin; offset++) {
      const slot = shifted(slotOf(hour), offset);
      const seen = days.get(slot) ?? new Set<number>();
      seen.add(Math.floor(hour / DAY_MS));
      days.set(slot, seen);
    }
  }
  return new Set([...days].filter(([, seen]) => seen.size >= 2).map(([slot]) => slot));
}

/** "weekday 08-18" style: the usual hours a reader compares the anomaly with. */
function describeSlots(slots: ReadonlySet<number>): Record<string, number[]> {
  const hoursOf = (dayKind: number) => Array.from({ length: 24 }, (_, hour) => hour).filter((hour) => slots.has(dayKind + hour));
  return { weekday: hoursOf(0), weekend: hoursOf(24) };
}

/** Reading secrets or keys, using keys, or a sensitive operation: what makes a night-time session matter. */
const touchesMaterial = (request: HourlyAggregate) => operationFamily(request.operation) !== undefined || sensitiveImpact(request.operation) !== undefined;

/**
 * off-hours: a person (a caller with a UPN, or one the policy lists as a person) acts in an hour
 * of the week outside the hours they work. Their hours are learnt from their baseline on every
 * vault, in UTC, by kind of day (weekday, weekend) and hour, each worked hour widened by
 * `workedHoursMargin` either side and counted once seen on two different days; at least
 * `minWorkedDays` days of history are needed. Someone
 * whose hours cover `onCallCoverage` of the week works any hour (on call) and is never off-hours.
 * The score is the rule of succession: after N active hours none of which fell outside those
 * hours, the chance that the next does is 1/(N+2).
 */
export function detectOffHours(index: ActivityIndex, options: DetectorOptions): Anomaly[] {
  const activeByCaller = new Map<string, Set<number>>();
  for (const pair of index.pairs) {
    const hours = activeByCaller.get(pair.callerKey) ?? new Set<number>();
    for (const hour of pair.baseline.active) hours.add(hour);
    activeByCaller.set(pair.callerKey, hours);
  }

  const anomalies: Anomaly[] = [];
  for (const pair of index.pairs) {
    if (pair.anonymous || pair.window.length === 0 || !isPerson(pair, index.identities)) continue;
    const active = activeByCaller.get(pair.callerKey)!;
    const workedDays = new Set([...active].map((hour) => Math.floor(hour / DAY_MS))).size;
    if (workedDays < options.minWorkedDays) continue;
    const slots = workedSlots(active, options.workedHoursMargin);
    if (slots.size >= options.onCallCoverage * 48) continue;
    const requests = pair.window.filter((request) => request.resultClass === "success" && !slots.has(slotOf(request.hour)));
    if (requests.length === 0) continue;
    anomalies.push(
      anomalyOf("off-hours", pair, requests, requests.some(touchesMaterial) ? "high" : "medium", -Math.log(active.size + 2), {
        hours: [...new Set(requests.map((request) => request.hour))].sort((a, b) => a - b).map(iso),
        operations: countByOperation(requests),
        addresses: distinctAddresses(requests),
        usualHoursUtc: describeSlots(slots),
        baselineActiveHours: active.size,
      }),
    );
  }
  return anomalies;
}
