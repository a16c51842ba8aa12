import type { HourlyAggregate } from "./aggregate.ts";
import type { AnalysisPeriod } from "./period.ts";
import type { Caller } from "./types.ts";

/**
 * The aggregates of one analysis, indexed the ways the detectors look at them: per caller on a
 * vault (split into baseline and window), per vault, and per caller across vaults.
 */

/** A caller is its object id, else its app id; a token-less request is known only by its address. */
export function callerKeyOf(aggregate: HourlyAggregate): string {
  return aggregate.callerOid || aggregate.callerAppId || `anonymous@${aggregate.clientIp}`;
}

export interface CallerOnVault {
  vault: string;
  callerKey: string;
  /** No token: the caller is only an address. */
  anonymous: boolean;
  baseline: HourlyAggregate[];
  window: HourlyAggregate[];
  /** First baseline hour the caller was seen on this vault; undefined for a caller new to it. */
  firstSeen: number | undefined;
}

export interface ActivityIndex {
  period: AnalysisPeriod;
  pairs: CallerOnVault[];
  /** Per vault, the first baseline hour anyone was seen on it. */
  vaultFirstSeen: Map<string, number>;
  /** Per vault, per caller, the number of baseline hours the caller was active on it. */
  vaultCallerHours: Map<string, Map<string, number>>;
  /** Per caller, per client address, the number of baseline hours it was used (any vault). */
  callerAddressHours: Map<string, Map<string, number>>;
}

export function buildActivityIndex(aggregates: readonly HourlyAggregate[], period: AnalysisPeriod): ActivityIndex {
  const pairs = new Map<string, CallerOnVault>();
  const vaultFirstSeen = new Map<string, number>();
  const vaultCallerHourSets = new Map<string, Map<string, Set<number>>>();
  const addressHourSets = new Map<string, Map<string, Set<number>>>();

  for (const aggregate of aggregates) {
    // The authentication challenge is every client's first request, not activity of a caller.
    if (aggregate.resultClass === "challenge") continue;
    if (aggregate.hour < period.baselineStart || aggregate.hour >= period.windowEnd) continue;
    const callerKey = callerKeyOf(aggregate);
    const pairKey = `${aggregate.vault}\u0000${callerKey}`;
    let pair = pairs.get(pairKey);
    if (!pair) {
      pair = { vault: aggregate.vault, callerKey, anonymous: !aggregate.callerOid && !aggregate.callerAppId, baseline: [], window: [], firstSeen: undefined };
      pairs.set(pairKey, pair);
    }
    if (aggregate.hour >= period.windowStart) {
      pair.window.push(aggregate);
      continue;
    }
    pair.baseline.push(aggregate);
    if (pair.firstSeen === undefined || aggregate.hour < pair.firstSeen) pair.firstSeen = aggregate.hour;
    const vaultStart = vaultFirstSeen.get(aggregate.vault);
    if (vaultStart === undefined || aggregate.hour < vaultStart) vaultFirstSeen.set(aggregate.vault, aggregate.hour);
    addHour(vaultCallerHourSets, aggregate.vault, callerKey, aggregate.hour);
    if (aggregate.clientIp !== "") addHour(addressHourSets, callerKey, aggregate.clientIp, aggregate.hour);
  }

  return {
    period,
    pairs: [...pairs.values()],
    vaultFirstSeen,
    vaultCallerHours: sizes(vaultCallerHourSets),
    callerAddressHours: sizes(addressHourSets),
  };
}

function addHour(map: Map<string, Map<string, Set<number>>>, outer: string, inner: string, hour: number): void {
  let byInner = map.get(outer);
  if (!byInner) map.set(outer, (byInner = new Map()));
  let hours = byInner.get(inner);
  if (!hours) byInner.set(inner, (hours = new Set()));
  hours.add(hour);
}

function sizes(map: Map<string, Map<string, Set<number>>>): Map<string, Map<string, number>> {
  return new Map([...map].map(([outer, inner]) => [outer, new Map([...inner].map(([key, hours]) => [key, hours.size]))]));
}

/**
 * The caller as an anomaly names it: the identity (object id, app id, UPN) behind most of the
 * given requests, since a user reaches a vault through several apps (portal, CLI).
 */
export function callerIdentity(aggregates: readonly HourlyAggregate[]): Caller {
  const counts = new Map<string, { caller: Caller; count: number }>();
  for (const aggregate of aggregates) {
    const key = `${aggregate.callerOid}\u0000${aggregate.callerAppId}`;
    const entry = counts.get(key);
    if (entry) {
      entry.count += aggregate.count;
      if (aggregate.callerUpn > entry.caller.upn) entry.caller.upn = aggregate.callerUpn;
    } else {
      counts.set(key, { caller: { oid: aggregate.callerOid, appid: aggregate.callerAppId, upn: aggregate.callerUpn }, count: aggregate.count });
    }
  }
  let best: { caller: Caller; count: number } | undefined;
  for (const entry of counts.values()) if (!best || entry.count > best.count) best = entry;
  return best?.caller ?? { oid: "", appid: "", upn: "" };
}
