import type { Evidence, Status, Verdict } from "./types.ts";
import { isBag, type ArmDocument, type Bag, type PropertyChange } from "../core/index.ts";

export { isBag, type Bag };

/**
 * ARM keeps some child documents as arrays of `{ name, properties }` (a vault's diagnostic
 * settings, attached by the collector). A path segment that meets such an array selects the
 * element with that name and continues in its `properties`, so one dotted path can address
 * `diagnosticSettings.<setting name>` the way it addresses any nested property.
 */
export function namedChild(list: unknown[], name: string): Bag | undefined {
  return list.find((item): item is Bag => isBag(item) && item.name === name);
}

/** Reads a dotted path (`properties.encryption.keySource`) without trusting the document's shape. */
export function valueAt(doc: unknown, path: string): unknown {
  let current: unknown = doc;
  for (const key of path.split(".")) {
    if (Array.isArray(current)) {
      current = namedChild(current, key)?.properties;
      continue;
    }
    if (!isBag(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** The value at `path` read with case-insensitive keys, for properties whose casing differs between tools. */
export function valueAtAnyCase(doc: unknown, path: string): unknown {
  let current: unknown = doc;
  for (const key of path.split(".")) {
    if (!isBag(current)) return undefined;
    const wanted = key.toLowerCase();
    const match = Object.keys(current).find((candidate) => candidate.toLowerCase() === wanted);
    current = match === undefined ? undefined : current[match];
  }
  return current;
}

export function verdict(status: Status, path: string, actual: unknown, expected: string, reason?: string): Verdict {
  const evidence: Evidence = { path, actual: actual === undefined ? null : actual, expected };
  return reason ? { status, evidence, reason } : { status, evidence };
}

/** Lower-cased string value, or undefined when the value is not a string. */
export function lower(value: unknown): string | undefined {
  return typeof value === "string" ? value.trim().toLowerCase() : undefined;
}

/** ARM booleans arrive as booleans, but hand-written templates and some services send "true"/"false". */
export function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  const text = lower(value);
  if (text === "true") return true;
  if (text === "false") return false;
  return undefined;
}

export function isMissing(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

/** The document's `properties` object, or undefined when ARM's envelope is not there to read. */
export function propertiesOf(doc: ArmDocument): Bag | undefined {
  return isBag(doc.properties) ? doc.properties : undefined;
}

/** A document without a `properties` object is not a resource as ARM returns it: nothing can be judged. */
export function unreadable(path: string, expected: string): Verdict {
  return verdict("unknown", path, null, expected, "the document has no properties object (not an ARM resource body as read from ARM)");
}

/** One change that sets `path` to `after`, remembering what was there for the record and for rollback. */
export function setTo(doc: ArmDocument, path: string, after: unknown): PropertyChange {
  const before = valueAt(doc, path);
  return { path, before: before === undefined ? null : before, after };
}

/** The last segment of the resource id (or the name): configuration and child documents are picked by it. */
export function resourceName(doc: ArmDocument): string | undefined {
  if (isNonEmptyString(doc.name)) return doc.name;
  if (typeof doc.id !== "string") return undefined;
  const segments = doc.id.split("/").filter((segment) => segment !== "");
  return segments.at(-1);
}

/** The segment that follows `collection` in a resource id, e.g. the database name after `databases`. */
export function idSegmentAfter(id: unknown, collection: string): string | undefined {
  if (typeof id !== "string") return undefined;
  const segments = id.split("/");
  const index = segments.findIndex((segment) => segment.toLowerCase() === collection.toLowerCase());
  return index >= 0 ? segments[index + 1] : undefined;
}
