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

export function timeGenerated(row: Record<string, unknown>): number {
  const value = row.TimeGenerated;
  const parsed = value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(parsed)) throw new RowError("TimeGenerated", `expected an ISO 8601 date-time, got ${describe(value)}`);
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
