/**
 * What the key lifecycle controls read of a Key Vault key or secret document (ARM's shape):
 * attributes in unix seconds, the key type and size, and the rotation policy's lifetime actions
 * with ISO 8601 durations.
 */
import { asBoolean, isBag, isMissing, lower, valueAt, verdict } from "./evidence.ts";
import type { Verdict } from "./types.ts";
import type { ArmDocument } from "../core/index.ts";

const DAY_MS = 86_400_000;

/** A unix-seconds attribute as a date; `null` when absent, `undefined` when it is not a number. */
export function unixDate(value: unknown): Date | null | undefined {
  if (isMissing(value)) return null;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 32_503_680_000) return undefined;
  return new Date(value * 1000);
}

export interface ObjectAttributes {
  /** Absent `enabled` means enabled, as Key Vault treats it. */
  enabled: boolean | undefined;
  expires: Date | null | undefined;
  created: Date | null | undefined;
}

/** The attributes of a key or secret, or undefined when the document has none to read. */
export function attributesOf(doc: ArmDocument): ObjectAttributes | undefined {
  const attributes = valueAt(doc, "properties.attributes");
  if (!isBag(attributes)) return undefined;
  return { enabled: isMissing(attributes.enabled) ? true : asBoolean(attributes.enabled), expires: unixDate(attributes.exp), created: unixDate(attributes.created) };
}

/** Days in an ISO 8601 duration (`P90D`, `P1Y6M`, `P2W`, `PT12H`), years as 365 days and months as 30; undefined when it is not one. */
export function durationDays(value: unknown): number | undefined {
  if (typeof value !== "string" || value.length > 40) return undefined;
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(value.trim());
  if (!match || value.trim().toUpperCase() === "P" || /T$/i.test(value.trim())) return undefined;
  const [, y, mo, w, d, h, mi, s] = match.map((part) => (part === undefined ? 0 : Number(part)));
  return y! * 365 + mo! * 30 + w! * 7 + d! + h! / 24 + mi! / 1440 + s! / 86_400;
}

/** The automatic rotation a key's policy schedules: days after creation, or days before expiry. */
export interface RotationSchedule {
  afterCreateDays?: number;
  beforeExpiryDays?: number;
  /** The expiry the policy gives new versions (`attributes.expiryTime`), in days. */
  expiryDays?: number;
}

/**
 * The key's automatic rotation, `null` when it has no policy or no Rotate action, `undefined`
 * when the policy is there but cannot be read.
 */
export function rotationOf(key: ArmDocument): RotationSchedule | null | undefined {
  const policy = valueAt(key, "properties.rotationPolicy");
  if (isMissing(policy)) return null;
  if (!isBag(policy)) return undefined;
  const actions = policy.lifetimeActions;
  if (isMissing(actions)) return null;
  if (!Array.isArray(actions)) return undefined;
  const expiryTime = valueAt(policy, "attributes.expiryTime");
  const expiryDays = isMissing(expiryTime) ? undefined : durationDays(expiryTime);
  if (!isMissing(expiryTime) && expiryDays === undefined) return undefined;
  let schedule: RotationSchedule | null = null;
  for (const action of actions.slice(0, 20)) {
    if (lower(valueAt(action, "action.type")) !== "rotate") continue;
    const after = valueAt(action, "trigger.timeAfterCreate");
    const before = valueAt(action, "trigger.timeBeforeExpiry");
    const afterDays = isMissing(after) ? undefined : durationDays(after);
    const beforeDays = isMissing(before) ? undefined : durationDays(before);
    if ((!isMissing(after) && afterDays === undefined) || (!isMissing(before) && beforeDays === undefined)) return undefined;
    schedule = { ...(schedule ?? {}), ...(afterDays !== undefined ? { afterCreateDays: afterDays } : {}), ...(beforeDays !== undefined ? { beforeExpiryDays: beforeDays } : {}) };
  }
  return schedule && expiryDays !== undefined ? { ...schedule, expiryDays } : schedule;
}

/** Whether the rotation policy will put a new version in place before `expires`. */
export function rotatesBefore(key: ArmDocument, expires: Date, created: Date | null | undefined): boolean {
  const schedule = rotationOf(key);
  if (!schedule) return false;
  if (schedule.beforeExpiryDays !== undefined && schedule.beforeExpiryDays > 0) return true;
  if (schedule.afterCreateDays !== undefined && created) return created.getTime() + schedule.afterCreateDays * DAY_MS < expires.getTime();
  return false;
}

/** Whole days from `now` to `date`, rounded down (negative when past). */
export function daysUntil(date: Date, now: Date): number {
  return Math.floor((date.getTime() - now.getTime()) / DAY_MS);
}

/** `2026-12-15` for a date, as tickets and evidence show it. */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const EXPIRY = "properties.attributes.exp";

/** An enabled key or secret has an expiration date; a disabled one is not used, so it needs none. */
export function objectExpiry(doc: ArmDocument, what: "key" | "secret"): Verdict {
  const expected = `an expiration date on every enabled ${what}`;
  const attributes = attributesOf(doc);
  if (!attributes) return verdict("unknown", "properties.attributes", valueAt(doc, "properties.attributes"), expected, `the ${what}'s attributes were not in the document`);
  if (attributes.enabled === undefined) return verdict("unknown", "properties.attributes.enabled", valueAt(doc, "properties.attributes.enabled"), expected, "enabled is not a boolean");
  if (attributes.expires === undefined) return verdict("unknown", EXPIRY, valueAt(doc, EXPIRY), expected, "exp is not a unix time");
  if (attributes.expires) return verdict("compliant", EXPIRY, dayOf(attributes.expires), expected);
  if (!attributes.enabled) return verdict("compliant", "properties.attributes.enabled", false, expected, `the ${what} is disabled`);
  // A key whose rotation policy rotates it and gives each new version an expiry (a key a template creates cannot carry a date).
  const schedule = what === "key" ? rotationOf(doc) : null;
  if (schedule?.expiryDays !== undefined && schedule.afterCreateDays !== undefined && schedule.afterCreateDays < schedule.expiryDays) {
    return verdict(
      "compliant",
      "properties.rotationPolicy.attributes.expiryTime",
      valueAt(doc, "properties.rotationPolicy.attributes.expiryTime"),
      expected,
      "the rotation policy replaces the key before the expiry it gives each new version",
    );
  }
  return verdict("noncompliant", EXPIRY, null, expected, `the ${what} never expires`);
}
