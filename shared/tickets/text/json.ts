import { CUT_MARKER, cleanText, cutText } from "./clean.ts";

/** The longest string a payload carries: a rendered ticket body fits (GitHub's 65,536). */
export const JSON_STRING_MAX = 65_536;
const JSON_ARRAY_MAX = 1_000;
const JSON_DEPTH_MAX = 32;

/**
 * Outside data for a JSON payload (webhook POSTs, Event Grid events). It stays data: the values
 * keep their types and meaning, JSON does the encoding, and receivers must show every field as
 * text. What a receiver could still be fooled by when it shows one is removed: control and
 * format characters (bidirectional overrides, zero-width and tag characters; line breaks and
 * tabs stay), and strings, arrays and nesting are bounded so one hostile value cannot make an
 * event too large to deliver.
 */
export function jsonSafe(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return cutText(cleanText(value, { multiline: true }), JSON_STRING_MAX);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value.toISOString();
  if (depth >= JSON_DEPTH_MAX) return CUT_MARKER;
  if (Array.isArray(value)) {
    const items = value.slice(0, JSON_ARRAY_MAX).map((item) => jsonSafe(item, depth + 1));
    return value.length > JSON_ARRAY_MAX ? [...items, `${CUT_MARKER} ${value.length - JSON_ARRAY_MAX} more`] : items;
  }
  // Built without a prototype, so a key named __proto__ stays a key.
  const result: Record<string, unknown> = Object.create(null);
  for (const [key, item] of Object.entries(value)) result[cleanText(key)] = jsonSafe(item, depth + 1);
  return result;
}
