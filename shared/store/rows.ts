/**
 * The one storage primitive the ledger is built on: rows of flat fields in named tables,
 * addressed by partition and row key, with optimistic concurrency. Azure Table Storage
 * provides it in Azure, Azurite locally; a memory version serves a single CLI run.
 */

export type FieldValue = string | number | boolean;
export type Fields = Record<string, FieldValue>;

export interface StoredRow {
  partition: string;
  row: string;
  fields: Fields;
  /** Changes on every write; a conditional write names the version it read. */
  version: string;
}

/** Only when no such row exists. */
export const ABSENT = Symbol("absent");

export interface RowWrite {
  row: string;
  fields: Fields;
  /** ABSENT: insert only; a version: replace only if unchanged since read; omitted: insert or replace. */
  expect?: string | typeof ABSENT;
}

export interface RowQuery {
  partition?: string;
  /** Row keys from `from` (inclusive) to `to` (exclusive). */
  rows?: { from: string; to: string };
  /** Fields that must equal these values. */
  equals?: Fields;
  /** A field that must be less than this value (ISO times compare as text). */
  before?: { field: string; value: string };
  /** A field that must start with this text. */
  startsWith?: { field: string; value: string };
}

export interface PageRequest {
  limit?: number;
  continuation?: string;
}

export interface RowPage {
  rows: StoredRow[];
  /** Pass back to get the next page; absent on the last page. */
  continuation?: string;
}

export interface RowStore {
  readonly table: string;
  get(partition: string, row: string): Promise<StoredRow | undefined>;
  /**
   * Writes rows of one partition all or nothing (up to 100 rows, the Table service's
   * transaction limit). False, with nothing written, when any expectation failed.
   */
  write(partition: string, writes: readonly RowWrite[]): Promise<boolean>;
  /** Sets these fields, keeping the others; creates the row when missing. */
  merge(partition: string, row: string, fields: Fields): Promise<void>;
  /** Deletes the row (gone already counts as deleted); with `version`, only if unchanged since read: false otherwise. */
  remove(partition: string, row: string, version?: string): Promise<boolean>;
  query(query: RowQuery, page?: PageRequest): Promise<RowPage>;
}

/** Where a ledger's tables come from; `open` returns the same store for the same name. */
export interface TableSource {
  open(name: string): RowStore;
}

/**
 * Pages one query reads at most. A page holds up to 1,000 rows, so this is far past any
 * partition the ledger reads whole; a continuation that never ends is a fault, not data.
 */
export const MAX_QUERY_PAGES = 1000;

/** Every page of a query, for callers that need the whole set (small partitions); throws past MAX_QUERY_PAGES, naming the table and query. */
export async function queryAll(store: RowStore, query: RowQuery, maxPages = MAX_QUERY_PAGES): Promise<StoredRow[]> {
  const rows: StoredRow[] = [];
  let continuation: string | undefined;
  let pages = 0;
  do {
    if (pages === maxPages) throw new Error(`table ${store.table}: the query ${JSON.stringify(query)} returned more than ${maxPages} pages; stopped there`);
    const page = await store.query(query, continuation ? { continuation } : {});
    pages += 1;
    rows.push(...page.rows);
    continuation = page.continuation;
  } while (continuation);
  return rows;
}

const TABLE_NAME = /^[A-Za-z][A-Za-z0-9]{2,62}$/;

/** The Table service's naming rule, checked before any request so a bad prefix fails at start. */
export function checkTableName(name: string): string {
  if (!TABLE_NAME.test(name)) throw new Error(`table name ${JSON.stringify(name)} must be 3-63 letters and digits, starting with a letter`);
  return name;
}
