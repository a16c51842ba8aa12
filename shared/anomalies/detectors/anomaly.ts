import type { HourlyAggregate } from "../aggregate.ts";
import { callerIdentity, type CallerOnVault } from "../activity.ts";
import { surprise } from "../statistics.ts";
import type { Anomaly, AnomalyKind, Caller, Severity } from "../types.ts";

/** Who did it where, and over what span of time (epoch milliseconds). */
export interface AnomalySubject {
  vault: string;
  caller: Caller;
  start: number;
  end: number;
}

/** An anomaly with its score: the surprise of a probability given as its natural logarithm. */
export function makeAnomaly(kind: AnomalyKind, subject: AnomalySubject, severity: Severity, logProbability: number, evidence: Record<string, unknown>): Anomaly {
  return {
    kind,
    vault: subject.vault,
    caller: subject.caller,
    start: new Date(subject.start).toISOString(),
    end: new Date(subject.end).toISOString(),
    severity,
    score: Math.round(surprise(logProbability) * 100) / 100,
    evidence,
  };
}

/** Builds an anomaly from the requests that make it up: its span, its caller and its score. */
export function anomalyOf(kind: AnomalyKind, pair: CallerOnVault, requests: readonly HourlyAggregate[], severity: Severity, logProbability: number, evidence: Record<string, unknown>): Anomaly {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const request of requests) {
    start = Math.min(start, request.firstSeen);
    end = Math.max(end, request.lastSeen);
  }
  return makeAnomaly(kind, { vault: pair.vault, caller: callerIdentity(requests.length > 0 ? requests : pair.window), start, end }, severity, logProbability, evidence);
}

/** The chance of at least one event in `windowHours` at a rate of `occurrences` (plus half a one) in `baselineHours`. */
export function logChanceOfOccurrence(occurrences: number, baselineHours: number, windowHours: number): number {
  const hourlyRate = (occurrences + 0.5) / Math.max(1, baselineHours);
  return Math.log(-Math.expm1(-hourlyRate * windowHours));
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Requests per operation name, largest first: evidence a reader can scan. */
export function countByOperation(requests: readonly HourlyAggregate[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const request of requests) counts.set(request.operation, (counts.get(request.operation) ?? 0) + request.count);
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
}

export function distinctAddresses(requests: readonly HourlyAggregate[]): string[] {
  return [...new Set(requests.map((request) => request.clientIp).filter((ip) => ip !== ""))].sort();
}
