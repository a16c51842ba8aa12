import type { HourlyAggregate } from "../aggregate.ts";
import { callerIdentity, type CallerOnVault } from "../activity.ts";
import { surprise } from "../statistics.ts";
import type { Anomaly, AnomalyKind, Severity } from "../types.ts";

/** Builds an anomaly from the requests that make it up: its span, its caller and its score. */
export function anomalyOf(kind: AnomalyKind, pair: CallerOnVault, requests: readonly HourlyAggregate[], severity: Severity, logProbability: number, evidence: Record<string, unknown>): Anomaly {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const request of requests) {
    start = Math.min(start, request.firstSeen);
    end = Math.max(end, request.lastSeen);
  }
  return {
    kind,
    vault: pair.vault,
    caller: callerIdentity(requests.length > 0 ? requests : pair.window),
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    severity,
    score: Math.round(surprise(logProbability) * 100) / 100,
    evidence,
  };
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
