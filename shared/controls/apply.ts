import { isBag, namedChild } from "./evidence.ts";
import type { Bag } from "./evidence.ts";
import type { ArmDocument, PropertyChange } from "../core/index.ts";

/** Follows one path segment for writing, creating what is missing; named-child arrays as in `valueAt`. */
function descend(container: Bag | unknown[], key: string): Bag | unknown[] {
  if (Array.isArray(container)) {
    let child = namedChild(container, key);
    if (!child) {
      child = { name: key, properties: {} };
      container.push(child);
    }
    if (!isBag(child.properties)) child.properties = {};
    return child.properties as Bag;
  }
  const next = container[key];
  if (isBag(next) || Array.isArray(next)) return next;
  const created: Bag = {};
  container[key] = created;
  return created;
}

function assign(container: Bag | unknown[], key: string, value: unknown): void {
  if (Array.isArray(container)) {
    const child = namedChild(container, key);
    if (child) child.properties = value;
    else container.push({ name: key, properties: value });
    return;
  }
  container[key] = value;
}

/**
 * The document as it would read after the changes: a deep copy with each `after` written at its
 * path. Pure; the engine uses it to predict a fix's outcome before it writes anything to ARM.
 */
export function applyChanges(doc: ArmDocument, changes: readonly PropertyChange[]): ArmDocument {
  const result = structuredClone(doc);
  for (const change of changes) {
    const keys = change.path.split(".");
    const last = keys.pop();
    if (last === undefined || last === "") continue;
    let container: Bag | unknown[] = result;
    for (const key of keys) container = descend(container, key);
    assign(container, last, structuredClone(change.after));
  }
  return result;
}
