import { createHash } from "node:crypto";
import { HOUR_MS, type HourlyAggregate } from "../aggregate.ts";
import { isDenial, isGetOperation, isListOperation, operationFamily, sensitiveImpact, type OperationFamily } from "../operations.ts";

/**
 * What one caller did on one vault, hour by hour, over its baseline: all the detectors need of
 * the past. It is exact per hour (each hour's values are set from that hour's aggregates, never
 * added to), so folding an hour twice changes nothing and dropping the hours that left the
 * baseline leaves precisely what a fresh read of the baseline would give. The offline path builds
 * profiles from an export's aggregates; the timer keeps them in Table storage and folds in only
 * the hours that left its window since the last run.
 */

/** Hourly counts kept per caller. */
export type CountSeries = OperationFamily | "denied" | "crypto-failed" | "objects-read";
export const COUNT_SERIES: readonly CountSeries[] = ["crypto", "secret-read", "key-read", "denied", "crypto-failed", "objects-read"];

/**
 * Most distinct addresses and objects a profile tracks. A caller past either is a roamer: its
 * novelty in that respect is no evidence, and the detectors that rely on it stay quiet for it.
 */
export const MAX_ADDRESSES = 512;
export const MAX_OBJECTS = 2048;

/** Fingerprints already computed: the same few names recur in every hour of a caller's profile. */
const fingerprints = new Map<string, string>();
const MAX_REMEMBERED_FINGERPRINTS = 100_000;

/** A short, fixed-size stand-in for an object's name: sets of them stay compact whatever the names. */
export function objectFingerprint(name: string): string {
  let fingerprint = fingerprints.get(name);
  if (fingerprint === undefined) {
    if (fingerprints.size >= MAX_REMEMBERED_FINGERPRINTS) fingerprints.clear();
    fingerprint = createHash("sha256").update(name).digest("base64url").slice(0, 12);
    fingerprints.set(name, fingerprint);
  }
  return fingerprint;
}

/** A caller is its object id, else its app id; a token-less request is known only by its address. */
export function callerKeyOf(aggregate: Pick<HourlyAggregate, "callerOid" | "callerAppId" | "clientIp">): string {
  return aggregate.callerOid || aggregate.callerAppId || `anonymous@${aggregate.clientIp}`;
}

export function pairKey(vault: string, callerKey: string): string {
  return `${vault}\u0000${callerKey}`;
}

function addHour<K>(map: Map<K, Set<number>>, key: K, hour: number): void {
  let hours = map.get(key);
  if (!hours) map.set(key, (hours = new Set()));
  hours.add(hour);
}

function removeHour<K>(map: Map<K, Set<number>>, key: K, hour: number): void {
  const hours = map.get(key);
  if (!hours) return;
  hours.delete(hour);
  if (hours.size === 0) map.delete(key);
}

/**
 * Distinct objects read per hour: per get operation the largest bucket's distinct count (a
 * bucket is one address and result class, so this is a lower bound that never counts one
 * object twice), summed over secrets, keys and certificates.
 */
export function objectsReadByHour(aggregates: readonly HourlyAggregate[]): Map<number, number> {
  const largest = new Map<string, { hour: number; objects: number }>();
  for (const aggregate of aggregates) {
    if (aggregate.resultClass !== "success" || !isGetOperation(aggregate.operation)) continue;
    const key = `${aggregate.hour}\u0000${aggregate.operation.toLowerCase()}`;
    const entry = largest.get(key);
    if (!entry || aggregate.objects > entry.objects) largest.set(key, { hour: aggregate.hour, objects: aggregate.objects });
  }
  const perHour = new Map<number, number>();
  for (const { hour, objects } of largest.values()) perHour.set(hour, (perHour.get(hour) ?? 0) + objects);
  return perHour;
}

export class PairProfile {
  readonly vault: string;
  readonly callerKey: string;
  /** No token: the caller is only an address. */
  readonly anonymous: boolean;
  readonly counts: Record<CountSeries, Map<number, number>>;
  /** Hours with any request that is not the authentication challenge. */
  readonly active = new Set<number>();
  /** Hours with a successful list of secrets, keys or certificates. */
  readonly listed = new Set<number>();
  /** Successful sensitive operations, by name as logged, and their hours. */
  readonly sensitive = new Map<string, Set<number>>();
  /** Client addresses and the hours each was used. */
  readonly addresses = new Map<string, Set<number>>();
  /** Objects (by fingerprint) a successful request addressed, and the hours. */
  readonly objects = new Map<string, Set<number>>();
  /** The latest hour at which an address or object was left out for want of room: the caller roams. */
  readonly overflow: { addresses?: number; objects?: number } = {};

  constructor(vault: string, callerKey: string, anonymous: boolean) {
    this.vault = vault;
    this.callerKey = callerKey;
    this.anonymous = anonymous;
    this.counts = Object.fromEntries(COUNT_SERIES.map((series) => [series, new Map<number, number>()])) as Record<CountSeries, Map<number, number>>;
  }

  /** Forgets an hour entirely, before it is set again from a fresh read. */
  clearHour(hour: number): void {
    // Every hour with data is an active hour: nothing else to look for.
    if (!this.active.has(hour)) return;
    for (const series of COUNT_SERIES) this.counts[series].delete(hour);
    this.active.delete(hour);
    this.listed.delete(hour);
    for (const key of [...this.sensitive.keys()]) removeHour(this.sensitive, key, hour);
    for (const key of [...this.addresses.keys()]) removeHour(this.addresses, key, hour);
    for (const key of [...this.objects.keys()]) removeHour(this.objects, key, hour);
  }

  /**
   * Sets one hour from all of this caller's aggregates on this vault in that hour (authentication
   * challenges excluded: they belong to no caller).
   */
  setHour(hour: number, aggregates: readonly HourlyAggregate[]): void {
    this.clearHour(hour);
    if (aggregates.length === 0) return;
    this.active.add(hour);
    const sums = new Map<CountSeries, number>();
    const add = (series: CountSeries, count: number) => sums.set(series, (sums.get(series) ?? 0) + count);
    for (const aggregate of aggregates) {
      const family = operationFamily(aggregate.operation);
      const success = aggregate.resultClass === "success";
      if (success && family) add(family, aggregate.count);
      if (isDenial(aggregate.resultClass)) add("denied", aggregate.count);
      if (family === "crypto" && (aggregate.resultClass === "forbidden" || aggregate.resultClass === "notfound")) add("crypto-failed", aggregate.count);
      if (success && isListOperation(aggregate.operation)) this.listed.add(hour);
      if (success && sensitiveImpact(aggregate.operation)) addHour(this.sensitive, aggregate.operation, hour);
      if (aggregate.clientIp !== "") this.#track(this.addresses, "addresses", MAX_ADDRESSES, aggregate.clientIp, hour);
      if (success) for (const name of aggregate.objectNames) this.#track(this.objects, "objects", MAX_OBJECTS, objectFingerprint(name), hour);
    }
    add("objects-read", objectsReadByHour(aggregates).get(hour) ?? 0);
    for (const [series, count] of sums) if (count > 0) this.counts[series].set(hour, count);
  }

  #track(map: Map<string, Set<number>>, kind: "addresses" | "objects", max: number, key: string, hour: number): void {
    if (!map.has(key) && map.size >= max) {
      this.overflow[kind] = Math.max(this.overflow[kind] ?? hour, hour);
      return;
    }
    addHour(map, key, hour);
  }

  /** Drops every hour before `start`: they have left the baseline. */
  prune(start: number): void {
    for (const series of COUNT_SERIES) for (const hour of [...this.counts[series].keys()]) if (hour < start) this.counts[series].delete(hour);
    for (const set of [this.active, this.listed]) for (const hour of [...set]) if (hour < start) set.delete(hour);
    for (const map of [this.sensitive, this.addresses, this.objects]) {
      for (const [key, hours] of [...map]) {
        for (const hour of [...hours]) if (hour < start) hours.delete(hour);
        if (hours.size === 0) map.delete(key);
      }
    }
    for (const kind of ["addresses", "objects"] as const) if ((this.overflow[kind] ?? start) < start) delete this.overflow[kind];
  }

  isEmpty(): boolean {
    return this.active.size === 0;
  }

  /** First hour the caller was seen on the vault; undefined for a caller new to it. */
  get firstSeen(): number | undefined {
    let first: number | undefined;
    for (const hour of this.active) if (first === undefined || hour < first) first = hour;
    return first;
  }

  /** Zero-filled hourly counts of a series over [from, to). */
  series(name: CountSeries, from: number, to: number): number[] {
    const counts = new Array<number>(Math.max(0, Math.round((to - from) / HOUR_MS))).fill(0);
    for (const [hour, count] of this.counts[name]) {
      if (hour >= from && hour < to) counts[Math.round((hour - from) / HOUR_MS)] = count;
    }
    return counts;
  }

  /** The largest value of a series, 0 when it is empty. */
  most(name: CountSeries): number {
    let most = 0;
    for (const count of this.counts[name].values()) most = Math.max(most, count);
    return most;
  }
}

/** Profiles of every caller on every vault from the aggregates of [from, to) (challenges excluded). */
export function profilesFromAggregates(aggregates: readonly HourlyAggregate[], from: number, to: number): Map<string, PairProfile> {
  const byPairHour = new Map<string, { vault: string; callerKey: string; anonymous: boolean; hours: Map<number, HourlyAggregate[]> }>();
  for (const aggregate of aggregates) {
    if (aggregate.resultClass === "challenge" || aggregate.hour < from || aggregate.hour >= to) continue;
    const callerKey = callerKeyOf(aggregate);
    const key = pairKey(aggregate.vault, callerKey);
    let pair = byPairHour.get(key);
    if (!pair) byPairHour.set(key, (pair = { vault: aggregate.vault, callerKey, anonymous: !aggregate.callerOid && !aggregate.callerAppId, hours: new Map() }));
    const hourAggregates = pair.hours.get(aggregate.hour);
    if (hourAggregates) hourAggregates.push(aggregate);
    else pair.hours.set(aggregate.hour, [aggregate]);
  }
  const profiles = new Map<string, PairProfile>();
  for (const [key, pair] of byPairHour) {
    const profile = new PairProfile(pair.vault, pair.callerKey, pair.anonymous);
    // In time order, so that which objects or addresses a full profile leaves out does not depend on the input's order.
    for (const hour of [...pair.hours.keys()].sort((a, b) => a - b)) profile.setHour(hour, pair.hours.get(hour)!);
    profiles.set(key, profile);
  }
  return profiles;
}
