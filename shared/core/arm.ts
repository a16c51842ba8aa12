/**
 * The ARM wire shapes every layer shares: a resource document as ARM returns it, and one
 * property change of a fix in wire terms.
 */

/** A JSON object: not null, not an array. */
export type Bag = Record<string, unknown>;

/** A JSON object (not null, not an array): the only thing a path can descend into. */
export function isBag(value: unknown): value is Bag {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** An ARM resource as ARM returns it on the wire (nested `properties`). */
export interface ArmDocument {
  id: string;
  type: string;
  name?: string;
  location?: string;
  kind?: string;
  tags?: Record<string, string> | null;
  sku?: unknown;
  identity?: unknown;
  properties?: Record<string, unknown> | null;
  [key: string]: unknown;
}

/** One property change of a fix, in ARM wire terms so it can be recorded and reversed. */
export interface PropertyChange {
  path: string;
  before: unknown;
  after: unknown;
}

/** One resource a container holds, with its tags (`null`: they could not be read). */
export interface HeldResource {
  id: string;
  tags: Record<string, string> | null;
}

/**
 * What a container holds (a backup vault's protected items), read beside it so that it takes
 * the classification of its contents: a vault that backs up highly confidential data is itself
 * highly confidential, whatever its own tag says.
 */
export interface HeldResources {
  /** What the list is, in words: `protected items`, `backup instances`. */
  source: string;
  resources: HeldResource[];
  /** What was not read, when something was not: the classification may then be higher than found. */
  unread?: string;
}
