import { createHash } from "node:crypto";
import { resourceKey } from "../core/index.ts";

/**
 * Table keys may not hold / \ # ? or control characters, and resource ids are full of slashes.
 * Percent-encoding just those keeps keys readable, collision-free and prefix-preserving: a
 * child's key starts with its parent's, so one range query finds a resource and its children.
 */
const FORBIDDEN = /[%/\\#?\u0000-\u001f\u007f-\u009f]/g;

export function keySafe(value: string): string {
  return value.replace(FORBIDDEN, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

export function digest(value: string): string {
  return createHash("sha256").update(value).digest("hex").slice(0, 40);
}

/** Keys stay well under the service's 1 KiB; the rare longer id is hashed (no child range for it). */
const MAX_READABLE = 600;

/** The key part naming a resource: its lower-cased id, encoded. */
export function resourcePart(resourceId: string): string {
  const encoded = keySafe(resourceKey(resourceId));
  return encoded.length <= MAX_READABLE ? encoded : `~${digest(resourceKey(resourceId))}`;
}

/** Rows of a resource and its children: every key from its part up to the first character past the encodings used. */
export function resourceRange(resourceId: string): { from: string; to: string } {
  const part = resourcePart(resourceId);
  return { from: part, to: `${part}\u007f` };
}

/** Whether `id` is the resource itself or one of its children (the range also holds siblings whose names extend it). */
export function isSelfOrChild(id: string, resourceId: string): boolean {
  const self = resourceKey(resourceId);
  const other = resourceKey(id);
  return other === self || other.startsWith(`${self}/`);
}

const SUBSCRIPTION = /^\/subscriptions\/([^/]+)/i;

/** The partition of a resource's rows: its subscription, so findings can be listed per subscription. */
export function subscriptionPartition(resourceId: string): string {
  return SUBSCRIPTION.exec(resourceId)?.[1]?.toLowerCase() ?? "estate";
}
