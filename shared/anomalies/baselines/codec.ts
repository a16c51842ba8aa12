import { HOUR_MS } from "../aggregate.ts";
import { COUNT_SERIES, MAX_ADDRESSES, MAX_OBJECTS, PairProfile, type CountSeries } from "./profile.ts";

/**
 * A profile as text for Table storage, and back. Hours are whole hours since the epoch, stored
 * as runs (offset from the previous run's end, length), so a service active every hour of a
 * fortnight costs a few characters. What is read back is checked as strictly as any input: a
 * stored row is only as trustworthy as the account it sits in.
 */

const FORMAT = 1;
/** Hours far outside any baseline (before 2000, after 2200) mean a corrupt row, not a caller. */
const EARLIEST_HOUR = Date.UTC(2000, 0, 1) / HOUR_MS;
const LATEST_HOUR = Date.UTC(2200, 0, 1) / HOUR_MS;
const MAX_TEXT = 1_000;
const MAX_SENSITIVE = 64;

export class ProfileFormatError extends Error {
  constructor(reason: string) {
    super(`stored key access profile: ${reason}`);
    this.name = "ProfileFormatError";
  }
}

/** Sorted hour numbers as runs: [gap, length, gap, length...], each gap counted from the previous run's end. */
function toRuns(hours: Iterable<number>): number[] {
  const sorted = [...hours].map((hour) => hour / HOUR_MS).sort((a, b) => a - b);
  const runs: number[] = [];
  let previousEnd = 0;
  let index = 0;
  while (index < sorted.length) {
    const start = sorted[index]!;
    let length = 1;
    while (sorted[index + length] === start + length) length += 1;
    runs.push(start - previousEnd, length);
    previousEnd = start + length;
    index += length;
  }
  return runs;
}

function fromRuns(value: unknown, field: string): number[] {
  if (!Array.isArray(value) || value.length % 2 !== 0) throw new ProfileFormatError(`${field}: expected runs of hours`);
  const hours: number[] = [];
  let previousEnd = 0;
  for (let index = 0; index < value.length; index += 2) {
    const gap = value[index];
    const length = value[index + 1];
    if (!Number.isSafeInteger(gap) || !Number.isSafeInteger(length) || (gap as number) < 0 || (length as number) < 1) throw new ProfileFormatError(`${field}: a run is not two whole numbers`);
    const start = previousEnd + (gap as number);
    previousEnd = start + (length as number);
    if (start < EARLIEST_HOUR || previousEnd > LATEST_HOUR || hours.length + (length as number) > 100_000) throw new ProfileFormatError(`${field}: hours out of range`);
    for (let hour = start; hour < previousEnd; hour++) hours.push(hour * HOUR_MS);
  }
  return hours;
}

function text(value: unknown, field: string): string {
  if (typeof value !== "string" || value.length > MAX_TEXT) throw new ProfileFormatError(`${field}: expected a string of at most ${MAX_TEXT} characters`);
  return value;
}

function record(value: unknown, field: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new ProfileFormatError(`${field}: expected an object`);
  return value as Record<string, unknown>;
}

function keyedHours(map: ReadonlyMap<string, ReadonlySet<number>>): Record<string, number[]> {
  return Object.fromEntries([...map].map(([key, hours]) => [key, toRuns(hours)]));
}

function readKeyedHours(value: unknown, field: string, max: number, into: Map<string, Set<number>>): void {
  const entries = Object.entries(record(value, field));
  if (entries.length > max) throw new ProfileFormatError(`${field}: more than ${max} entries`);
  for (const [key, runs] of entries) into.set(text(key, field), new Set(fromRuns(runs, `${field}.${key}`)));
}

export function encodeProfile(profile: PairProfile): string {
  const counts: Record<string, { h: number[]; v: number[] }> = {};
  for (const series of COUNT_SERIES) {
    const entries = [...profile.counts[series]].sort((a, b) => a[0] - b[0]);
    if (entries.length > 0) counts[series] = { h: toRuns(entries.map(([hour]) => hour)), v: entries.map(([, count]) => count) };
  }
  return JSON.stringify({
    f: FORMAT,
    vault: profile.vault,
    caller: profile.callerKey,
    anonymous: profile.anonymous,
    active: toRuns(profile.active),
    listed: toRuns(profile.listed),
    counts,
    sensitive: keyedHours(profile.sensitive),
    addresses: keyedHours(profile.addresses),
    objects: keyedHours(profile.objects),
    overflow: profile.overflow,
  });
}

export function decodeProfile(encoded: string): PairProfile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(encoded);
  } catch {
    throw new ProfileFormatError("not JSON");
  }
  const data = record(parsed, "profile");
  if (data.f !== FORMAT) throw new ProfileFormatError(`format ${JSON.stringify(data.f)} is not ${FORMAT}`);
  if (typeof data.anonymous !== "boolean") throw new ProfileFormatError("anonymous: expected true or false");
  const profile = new PairProfile(text(data.vault, "vault"), text(data.caller, "caller"), data.anonymous);
  for (const hour of fromRuns(data.active, "active")) profile.active.add(hour);
  for (const hour of fromRuns(data.listed, "listed")) profile.listed.add(hour);
  for (const [name, value] of Object.entries(record(data.counts, "counts"))) {
    if (!COUNT_SERIES.includes(name as CountSeries)) throw new ProfileFormatError(`counts: unknown series ${JSON.stringify(name.slice(0, 40))}`);
    const series = record(value, `counts.${name}`);
    const hours = fromRuns(series.h, `counts.${name}.h`);
    const values = series.v;
    if (!Array.isArray(values) || values.length !== hours.length || values.some((count) => !Number.isSafeInteger(count) || count < 0))
      throw new ProfileFormatError(`counts.${name}.v: expected a count per hour`);
    hours.forEach((hour, index) => profile.counts[name as CountSeries].set(hour, values[index] as number));
  }
  readKeyedHours(data.sensitive, "sensitive", MAX_SENSITIVE, profile.sensitive);
  readKeyedHours(data.addresses, "addresses", MAX_ADDRESSES, profile.addresses);
  readKeyedHours(data.objects, "objects", MAX_OBJECTS, profile.objects);
  const overflow = record(data.overflow, "overflow");
  for (const kind of ["addresses", "objects"] as const) {
    const hour = overflow[kind];
    if (hour === undefined) continue;
    if (!Number.isSafeInteger(hour) || (hour as number) % HOUR_MS !== 0) throw new ProfileFormatError(`overflow.${kind}: expected an hour`);
    profile.overflow[kind] = hour as number;
  }
  return profile;
}
