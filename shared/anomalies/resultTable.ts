/**
 * Reading a query's result table back by column name, so a reordered projection still reads
 * correctly, with cells checked as they are read: a missing column or a malformed cell is an
 * error naming the row and column, never a silently wrong number.
 */

import type { KustoType } from "./schemas.ts";

/** One output column of a query: its name and Kusto type, and how the TypeScript twin fills it. */
export interface ResultColumn<T> {
  name: string;
  type: KustoType;
  cell(item: T): unknown;
}

/** A result row in column order, as the Log Analytics query API returns it. */
export function rowOf<T>(columns: readonly ResultColumn<T>[], item: T): unknown[] {
  return columns.map((column) => column.cell(item));
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

export class AggregateTableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AggregateTableError";
  }
}

export interface ResultCells {
  /** Kusto's string: null reads as "". */
  text(column: string): string;
  /** A datetime, as epoch milliseconds. */
  time(column: string): number;
  /** A whole number of at least 0. */
  count(column: string): number;
  /** A dynamic array of strings (parsed by the SDK, or still its JSON text), at most `max` of at most `length` characters. */
  strings(column: string, max: number, length: number): string[];
}

export function resultReader(columnNames: readonly string[], required: readonly string[]): (row: readonly unknown[], rowNumber: number) => ResultCells {
  const index = new Map(columnNames.map((name, position) => [name, position]));
  for (const name of required) {
    if (!index.has(name)) throw new AggregateTableError(`the result has no ${name} column (columns: ${columnNames.join(", ")})`);
  }
  return (row, rowNumber) => {
    const cell = (column: string): unknown => row[index.get(column)!];
    const fail = (column: string, expected: string): never => {
      throw new AggregateTableError(`row ${rowNumber}, column ${column}: expected ${expected}, got ${(JSON.stringify(cell(column)) ?? "undefined").slice(0, 80)}`);
    };
    return {
      text(column) {
        const value = cell(column);
        return value === null || value === undefined ? "" : String(value);
      },
      time(column) {
        const value = cell(column);
        const parsed = value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : Number.NaN;
        return Number.isFinite(parsed) ? parsed : fail(column, "a date-time");
      },
      count(column) {
        const value = cell(column);
        const parsed = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
        return Number.isInteger(parsed) && parsed >= 0 ? parsed : fail(column, "a count");
      },
      strings(column, max, length) {
        let value = cell(column);
        if (value === null || value === undefined) return [];
        if (typeof value === "string") {
          try {
            value = JSON.parse(value);
          } catch {
            return fail(column, `at most ${max} names`);
          }
        }
        if (!Array.isArray(value) || value.length > max || value.some((item) => typeof item !== "string" || item.length > length)) return fail(column, `at most ${max} names`);
        return value as string[];
      },
    };
  };
}
