import type { ArmDocument, Evidence, PropertyChange, Status, Verdict } from "./types.ts";

/** Reads a dotted path (`properties.encryption.keySource`) without trusting the document's shape. */
export function valueAt(doc: unknown, path: string): unknown {
  let current: unknown = doc;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
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

export function properties(doc: ArmDocument): Record<string, unknown> {
  const props = doc.properties;
  return props && typeof props === "object" && !Array.isArray(props) ? props : {};
}

/** One change that sets `path` to `after`, remembering what was there for the record and for rollback. */
export function setTo(doc: ArmDocument, path: string, after: unknown): PropertyChange {
  const before = valueAt(doc, path);
  return { path, before: before === undefined ? null : before, after };
}
