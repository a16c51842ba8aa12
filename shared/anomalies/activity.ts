import type { HourlyAggregate } from "./aggregate.ts";
import type { AdministrativeOperation } from "./administrative.ts";
import { callerKeyOf, pairKey, PairProfile } from "./baselines/profile.ts";
import { matchesCaller, type CallerMatcher } from "./allowlist.ts";
import type { AnalysisPeriod } from "./period.ts";
import type { Caller } from "./types.ts";

/**
 * What one analysis looks at, indexed the ways the detectors look at it: per caller on a vault
 * (its baseline profile and its requests in the window), per vault, and per caller across vaults.
 */

export interface CallerOnVault {
  vault: string;
  callerKey: string;
  /** No token: the caller is only an address. */
  anonymous: boolean;
  /** The caller's baseline on this vault; empty for a caller new to it. */
  baseline: PairProfile;
  window: HourlyAggregate[];
  /** First baseline hour the caller was seen on this vault; undefined for a caller new to it. */
  firstSeen: number | undefined;
}

/** Who the analysis knows by role rather than by behaviour. */
export interface KnownIdentities {
  /** The service's own identity: its administrative changes are its job, not an attack. */
  service?: { appId?: string; objectId?: string };
  /** Identities the policy says are people, besides every caller with a UPN. */
  people: readonly CallerMatcher[];
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
  /** Administrative operations on the vaults in the window (the activity log). */
  operations: readonly AdministrativeOperation[];
  identities: KnownIdentities;
}

export interface ActivityInput {
  /** Baseline profiles, keyed by pairKey, holding only hours of the baseline. */
  profiles: ReadonlyMap<string, PairProfile>;
  /** The window's hourly aggregates. */
  window: readonly HourlyAggregate[];
  operations: readonly AdministrativeOperation[];
}

export function buildActivityIndex(input: ActivityInput, period: AnalysisPeriod, identities: KnownIdentities): ActivityIndex {
  const pairs = new Map<string, CallerOnVault>();
  for (const [key, profile] of input.profiles) {
    pairs.set(key, { vault: profile.vault, callerKey: profile.callerKey, anonymous: profile.anonymous, baseline: profile, window: [], firstSeen: profile.firstSeen });
  }
  for (const aggregate of input.window) {
    // The authentication challenge is every client's first request, not activity of a caller.
    if (aggregate.resultClass === "challenge" || aggregate.hour < period.windowStart || aggregate.hour >= period.windowEnd) continue;
    const callerKey = callerKeyOf(aggregate);
    const key = pairKey(aggregate.vault, callerKey);
    let pair = pairs.get(key);
    if (!pair) {
      const anonymous = !aggregate.callerOid && !aggregate.callerAppId;
      pair = { vault: aggregate.vault, callerKey, anonymous, baseline: new PairProfile(aggregate.vault, callerKey, anonymous), window: [], firstSeen: undefined };
      pairs.set(key, pair);
    }
    pair.window.push(aggregate);
  }

  const vaultFirstSeen = new Map<string, number>();
  const vaultCallerHours = new Map<string, Map<string, number>>();
  const addressHourSets = new Map<string, Map<string, Set<number>>>();
  for (const pair of pairs.values()) {
    if (pair.firstSeen === undefined) continue;
    const vaultStart = vaultFirstSeen.get(pair.vault);
    if (vaultStart === undefined || pair.firstSeen < vaultStart) vaultFirstSeen.set(pair.vault, pair.firstSeen);
    let callers = vaultCallerHours.get(pair.vault);
    if (!callers) vaultCallerHours.set(pair.vault, (callers = new Map()));
    callers.set(pair.callerKey, pair.baseline.active.size);
    let addresses = addressHourSets.get(pair.callerKey);
    if (!addresses) addressHourSets.set(pair.callerKey, (addresses = new Map()));
    for (const [address, hours] of pair.baseline.addresses) {
      const union = addresses.get(address);
      if (union) for (const hour of hours) union.add(hour);
      else addresses.set(address, new Set(hours));
    }
  }

  return {
    period,
    pairs: [...pairs.values()],
    vaultFirstSeen,
    vaultCallerHours,
    callerAddressHours: new Map([...addressHourSets].map(([caller, addresses]) => [caller, new Map([...addresses].map(([address, hours]) => [address, hours.size]))])),
    operations: input.operations.filter((operation) => operation.lastSeen >= period.windowStart && operation.firstSeen < period.windowEnd),
    identities,
  };
}

/** A person: a caller whose token carries a UPN, or one the policy lists as a person. */
export function isPerson(pair: CallerOnVault, identities: KnownIdentities): boolean {
  const caller = callerIdentity(pair.window);
  return caller.upn !== "" || identities.people.some((person) => matchesCaller(person, caller));
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
