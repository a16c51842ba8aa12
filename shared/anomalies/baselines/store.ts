import { digest } from "../../store/keys.ts";
import { queryAll, type Fields, type RowStore, type RowWrite, type StoredRow, type TableSource } from "../../store/rows.ts";
import { OPERATION_COLUMNS, operationsFromTable, operationToRow, type AdministrativeOperation } from "../administrative.ts";
import { AGGREGATE_COLUMNS, aggregatesFromTable, aggregateToRow, type HourlyAggregate } from "../aggregate.ts";
import { AggregateTableError } from "../resultTable.ts";
import { decodeProfile, encodeProfile, ProfileFormatError } from "./codec.ts";
import type { PairProfile } from "./profile.ts";

/**
 * The key access monitor's memory between runs, in the ledger's storage account (table
 * `<prefix>KeyAccessBaselines`, one partition per set of workspaces): each caller's baseline
 * profile, the window's hourly aggregates and administrative operations, and what was read up to
 * when. A run then queries Log Analytics only for the hours since the last one.
 *
 * Large values are split over several properties and, past an entity's size, several rows. The
 * timer runs on one instance at a time (the host holds a lease for a timer trigger), so plain
 * writes suffice; the state row is written last, so a run that dies half-way leaves profiles
 * that the next run's reading sets again hour by hour, which changes nothing already right.
 */

/** A span whose rows could not be read: re-read by the next run while it still matters. */
export interface ReadGap {
  from: number;
  to: number;
}

export interface BaselineState {
  /** What the state was built for (workspaces, baseline and window, query texts): another value means rebuild. */
  config: string;
  /** The `now` of the run that wrote it: rows up to it were read. */
  readThrough: number;
  /** When the profiles were last built from a full read of the baseline. */
  builtAt: number;
  gaps: ReadGap[];
  /** Baseline profiles by pair key, holding only hours of the baseline. */
  profiles: Map<string, PairProfile>;
  /** The window's hourly aggregates. */
  window: HourlyAggregate[];
  /** Administrative operations in the window. */
  operations: AdministrativeOperation[];
}

export type LoadedBaseline = { state: BaselineState; rows: ReadonlyMap<string, string> } | { state: undefined; problem: string; rows: ReadonlyMap<string, string> };

export interface SaveStats {
  written: number;
  removed: number;
}

const STATE_ROW = "state";
const FORMAT = 1;
/** Characters per property (a string property holds at most 64 KiB of UTF-16). */
const PART_CHARS = 30_000;
/** Properties per row, staying well under an entity's 1 MiB. */
const PARTS_PER_ROW = 12;
/** A transaction holds at most 100 rows and 4 MiB: stay under both. */
const BATCH_ROWS = 100;
const BATCH_CHARS = 1_200_000;
const MAX_GAPS = 200;

export class BaselineFormatError extends Error {
  constructor(reason: string) {
    super(`stored key access baseline: ${reason}`);
    this.name = "BaselineFormatError";
  }
}

/** A text value as rows `${prefix}~00`, `~01`..., each holding up to PARTS_PER_ROW properties p0, p1... */
function blobRows(prefix: string, text: string): [string, Fields][] {
  const parts: string[] = [];
  for (let offset = 0; offset < text.length || parts.length === 0; offset += PART_CHARS) parts.push(text.slice(offset, offset + PART_CHARS));
  const rows: [string, Fields][] = [];
  for (let first = 0; first < parts.length; first += PARTS_PER_ROW) {
    const fields: Fields = {};
    parts.slice(first, first + PARTS_PER_ROW).forEach((part, index) => (fields[`p${index}`] = part));
    rows.push([`${prefix}~${String(first / PARTS_PER_ROW).padStart(2, "0")}`, fields]);
  }
  return rows;
}

/** The texts stored as blobs, by prefix, from the rows of a partition. */
function readBlobs(rows: readonly StoredRow[]): Map<string, string> {
  const chunks = new Map<string, { index: number; text: string }[]>();
  for (const row of rows) {
    const match = /^(.+)~(\d{2})$/.exec(row.row);
    if (!match) continue;
    const parts = Object.keys(row.fields)
      .filter((name) => /^p\d+$/.test(name))
      .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
      .map((name) => {
        const value = row.fields[name];
        if (typeof value !== "string") throw new BaselineFormatError(`row ${row.row}, ${name}: expected text`);
        return value;
      });
    const list = chunks.get(match[1]!) ?? [];
    list.push({ index: Number(match[2]), text: parts.join("") });
    chunks.set(match[1]!, list);
  }
  return new Map(
    [...chunks].map(([prefix, list]) => {
      list.sort((a, b) => a.index - b.index);
      if (list.some((chunk, index) => chunk.index !== index)) throw new BaselineFormatError(`${prefix}: a chunk is missing`);
      return [prefix, list.map((chunk) => chunk.text).join("")];
    }),
  );
}

function resultTable(columns: readonly { name: string }[], rows: unknown[][]): string {
  return JSON.stringify({ columns: columns.map((column) => column.name), rows });
}

function readResultTable(text: string, what: string): { columns: string[]; rows: unknown[][] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BaselineFormatError(`${what}: not JSON`);
  }
  const table = parsed as { columns?: unknown; rows?: unknown };
  if (!Array.isArray(table?.columns) || !table.columns.every((name) => typeof name === "string") || !Array.isArray(table.rows) || !table.rows.every(Array.isArray)) {
    throw new BaselineFormatError(`${what}: expected columns and rows`);
  }
  return { columns: table.columns as string[], rows: table.rows as unknown[][] };
}

function isoOrFail(value: unknown, field: string): number {
  const parsed = typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(parsed)) throw new BaselineFormatError(`${field}: expected a date-time`);
  return parsed;
}

function readGaps(value: unknown): ReadGap[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(value));
  } catch {
    throw new BaselineFormatError("gaps: not JSON");
  }
  if (!Array.isArray(parsed) || parsed.length > MAX_GAPS) throw new BaselineFormatError(`gaps: expected at most ${MAX_GAPS} spans`);
  return parsed.map((gap) => {
    const { from, to } = (gap ?? {}) as { from?: unknown; to?: unknown };
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || (to as number) < (from as number)) throw new BaselineFormatError("gaps: expected spans of two times");
    return { from: from as number, to: to as number };
  });
}

function decodeState(rows: readonly StoredRow[]): BaselineState | undefined {
  const stateRow = rows.find((row) => row.row === STATE_ROW);
  if (!stateRow) return undefined;
  const fields = stateRow.fields;
  if (fields.format !== FORMAT) throw new BaselineFormatError(`format ${JSON.stringify(fields.format)} is not ${FORMAT}`);
  if (typeof fields.config !== "string") throw new BaselineFormatError("config: expected text");
  const blobs = readBlobs(rows.filter((row) => row.row !== STATE_ROW));
  const profiles = new Map<string, PairProfile>();
  const window: HourlyAggregate[] = [];
  let operations: AdministrativeOperation[] = [];
  for (const [prefix, text] of blobs) {
    if (prefix.startsWith("profile~")) {
      const profile = decodeProfile(text);
      profiles.set(`${profile.vault}\u0000${profile.callerKey}`, profile);
    } else if (prefix.startsWith("hour~")) {
      const table = readResultTable(text, prefix);
      window.push(...aggregatesFromTable(table.columns, table.rows));
    } else if (prefix === "operations") {
      const table = readResultTable(text, prefix);
      operations = operationsFromTable(table.columns, table.rows);
    }
  }
  return { config: fields.config, readThrough: isoOrFail(fields.readThrough, "readThrough"), builtAt: isoOrFail(fields.builtAt, "builtAt"), gaps: readGaps(fields.gaps), profiles, window, operations };
}

/** Every row of a state but its state row, by row key. */
function dataRows(state: BaselineState): Map<string, Fields> {
  const rows = new Map<string, Fields>();
  const add = (prefix: string, text: string) => {
    for (const [row, fields] of blobRows(prefix, text)) rows.set(row, fields);
  };
  for (const [key, profile] of state.profiles) add(`profile~${digest(key)}`, encodeProfile(profile));
  const byHour = new Map<number, HourlyAggregate[]>();
  for (const aggregate of state.window) byHour.set(aggregate.hour, [...(byHour.get(aggregate.hour) ?? []), aggregate]);
  for (const [hour, aggregates] of byHour) add(`hour~${new Date(hour).toISOString()}`, resultTable(AGGREGATE_COLUMNS, aggregates.map(aggregateToRow)));
  add("operations", resultTable(OPERATION_COLUMNS, state.operations.map(operationToRow)));
  return rows;
}

function fingerprintOf(fields: Fields): string {
  return JSON.stringify(Object.entries(fields).sort(([a], [b]) => a.localeCompare(b)));
}

export class BaselineStore {
  readonly #table: RowStore;

  constructor(tables: TableSource) {
    this.#table = tables.open("keyAccessBaselines");
  }

  /** The partition of one set of workspaces. */
  static partitionOf(workspaceIds: readonly string[]): string {
    return `baseline-${digest(
      [...workspaceIds]
        .map((id) => id.toLowerCase())
        .sort()
        .join(","),
    )}`;
  }

  /** The stored state, or why there is none usable (never stored, or unreadable: the caller rebuilds). */
  async load(partition: string): Promise<LoadedBaseline> {
    const rows = await queryAll(this.#table, { partition });
    const stored = new Map(rows.map((row) => [row.row, fingerprintOf(row.fields)]));
    try {
      const state = decodeState(rows);
      return state ? { state, rows: stored } : { state: undefined, problem: "no stored baseline", rows: stored };
    } catch (error) {
      if (error instanceof BaselineFormatError || error instanceof ProfileFormatError || error instanceof AggregateTableError) {
        return { state: undefined, problem: error.message, rows: stored };
      }
      throw error;
    }
  }

  /** Writes what changed since `loaded`, removes rows the state no longer has, and the state row last. */
  async save(partition: string, state: BaselineState, loaded: LoadedBaseline): Promise<SaveStats> {
    const desired = dataRows(state);
    const changed = [...desired].filter(([row, fields]) => loaded.rows.get(row) !== fingerprintOf(fields));
    let batch: RowWrite[] = [];
    let batchChars = 0;
    const flush = async () => {
      if (batch.length > 0) await this.#table.write(partition, batch);
      batch = [];
      batchChars = 0;
    };
    for (const [row, fields] of changed) {
      const chars = Object.values(fields).reduce<number>((total, value) => total + String(value).length, 0);
      if (batch.length >= BATCH_ROWS || batchChars + chars > BATCH_CHARS) await flush();
      batch.push({ row, fields });
      batchChars += chars;
    }
    await flush();
    const stale = [...loaded.rows.keys()].filter((row) => row !== STATE_ROW && !desired.has(row));
    for (const row of stale) await this.#table.remove(partition, row);
    await this.#table.write(partition, [
      {
        row: STATE_ROW,
        fields: {
          format: FORMAT,
          config: state.config,
          readThrough: new Date(state.readThrough).toISOString(),
          builtAt: new Date(state.builtAt).toISOString(),
          gaps: JSON.stringify(state.gaps.slice(-MAX_GAPS)),
        },
      },
    ]);
    return { written: changed.length + 1, removed: stale.length };
  }
}
