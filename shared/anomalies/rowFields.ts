/**
 * Reading one field of an exported Log Analytics row the way the queries read it, with an
 * error that names the field and what was wrong with it.
 */

export class RowError extends Error {
  constructor(field: string, reason: string) {
    super(`${field}: ${reason}`);
    this.name = "RowError";
  }
}

/** A value as an error message shows it: JSON, cut to a readable length. */
export function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function requiredText(row: Record<string, unknown>, field: string): string {
  const value = row[field];
  if (typeof value !== "string" || value.trim() === "") throw new RowError(field, `expected a non-empty string, got ${describe(value)}`);
  return value;
}

/** Kusto's `tostring()`: null and missing become "", other scalars their text. */
export function text(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** Kusto's `coalesce()` over strings: the first that is not empty. */
export function firstNonEmpty(...values: string[]): string {
  return values.find((value) => value !== "") ?? "";
}

/** `2024-06-01`, `2024-06-01T12:00`, `…:00.1234567Z`, `…+02:00`: the ISO 8601 forms exports use. */
const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2}(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * An ISO 8601 date-time as epoch milliseconds; undefined for anything else (Date.parse would
 * take `06/01/2024` or `June 1` in the machine's own zone). One without a zone is UTC: Log
 * Analytics writes every time in UTC, and an export that lost the `Z` still means it.
 */
export function parseIsoInstant(value: string): number | undefined {
  const match = ISO_DATE_TIME.exec(value.trim());
  if (!match) return undefined;
  const [, date, hoursMinutes = "00:00", seconds = ":00", fraction = "", zone = "Z"] = match;
  const offset = zone.toUpperCase() === "Z" ? "Z" : zone.includes(":") ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  // Date.parse reads milliseconds at most; Log Analytics writes seven digits.
  const parsed = Date.parse(`${date}T${hoursMinutes}${seconds.slice(0, 3)}${fraction.slice(0, 4)}${offset}`);
  return Number.isFinite(parsed) ? parsed : undefined;
}

export function timeGenerated(row: Record<string, unknown>): number {
  const value = row.TimeGenerated;
  const parsed = value instanceof Date ? value.getTime() : typeof value === "string" ? parseIsoInstant(value) : undefined;
  if (parsed === undefined || !Number.isFinite(parsed)) throw new RowError("TimeGenerated", `expected an ISO 8601 date-time, got ${describe(value)}`);
  return parsed;
}

/**
 * A dynamic column holding an object: exports carry it either as the object or as its JSON
 * text; null, missing and "" read as an empty object.
 */
export function dynamicObject(row: Record<string, unknown>, field: string): Record<string, unknown> {
  let value = row[field];
  if (typeof value === "string") {
    if (value.trim() === "") return {};
    try {
      value = JSON.parse(value);
    } catch {
      throw new RowError(field, `expected an object or its JSON text, got ${describe(value)}`);
    }
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw new RowError(field, `expected an object, got ${describe(value)}`);
  return value as Record<string, unknown>;
}
