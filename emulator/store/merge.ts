/**
 * ARM's update semantics for JSON documents: objects merge key by key, everything else
 * (arrays, strings, null) replaces what was there. A PATCH that names one nested property
 * leaves its siblings alone, as the resource providers do.
 */
export function deepMerge<T>(target: T, change: unknown): T {
  if (!isPlainObject(target) || !isPlainObject(change)) return clone(change) as T;
  const merged: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(change)) {
    if (value === undefined) continue;
    merged[key] = key in merged ? deepMerge(merged[key], value) : clone(value);
  }
  return merged as T;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function clone<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}
