import { ABSENT, checkTableName, type Fields, type PageRequest, type RowPage, type RowQuery, type RowStore, type RowWrite, type StoredRow, type TableSource } from "./rows.ts";

/** Rows in memory, with the Table service's semantics: for one CLI run, where nothing outlives the process. */
class MemoryRowStore implements RowStore {
  readonly table: string;
  readonly #rows = new Map<string, StoredRow>();
  #version = 0;

  constructor(table: string) {
    this.table = table;
  }

  #key(partition: string, row: string): string {
    return `${partition}\u0000${row}`;
  }

  #stamp(partition: string, row: string, fields: Fields): StoredRow {
    this.#version += 1;
    return { partition, row, fields: { ...fields }, version: String(this.#version) };
  }

  async get(partition: string, row: string): Promise<StoredRow | undefined> {
    const found = this.#rows.get(this.#key(partition, row));
    return found ? structuredClone(found) : undefined;
  }

  async write(partition: string, writes: readonly RowWrite[]): Promise<boolean> {
    for (const w of writes) {
      const current = this.#rows.get(this.#key(partition, w.row));
      if (w.expect === ABSENT && current) return false;
      if (typeof w.expect === "string" && current?.version !== w.expect) return false;
    }
    for (const w of writes) this.#rows.set(this.#key(partition, w.row), this.#stamp(partition, w.row, w.fields));
    return true;
  }

  async merge(partition: string, row: string, fields: Fields): Promise<void> {
    const current = this.#rows.get(this.#key(partition, row));
    this.#rows.set(this.#key(partition, row), this.#stamp(partition, row, { ...current?.fields, ...fields }));
  }

  async remove(partition: string, row: string, version?: string): Promise<boolean> {
    const current = this.#rows.get(this.#key(partition, row));
    if (version !== undefined && current && current.version !== version) return false;
    this.#rows.delete(this.#key(partition, row));
    return true;
  }

  async query(query: RowQuery, page: PageRequest = {}): Promise<RowPage> {
    const matching = [...this.#rows.values()]
      .filter((r) => query.partition === undefined || r.partition === query.partition)
      .filter((r) => !query.rows || (r.row >= query.rows.from && r.row < query.rows.to))
      .filter((r) => Object.entries(query.equals ?? {}).every(([name, value]) => r.fields[name] === value))
      .filter((r) => !query.before || (typeof r.fields[query.before.field] === "string" && (r.fields[query.before.field] as string) < query.before.value))
      .filter((r) => !query.startsWith || (typeof r.fields[query.startsWith.field] === "string" && (r.fields[query.startsWith.field] as string).startsWith(query.startsWith.value)))
      .sort((a, b) => (a.partition === b.partition ? compare(a.row, b.row) : compare(a.partition, b.partition)));
    const start = page.continuation ? Number(page.continuation) : 0;
    const end = page.limit ? start + page.limit : matching.length;
    return { rows: structuredClone(matching.slice(start, end)), ...(end < matching.length ? { continuation: String(end) } : {}) };
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class MemoryTables implements TableSource {
  readonly #stores = new Map<string, MemoryRowStore>();

  open(name: string): RowStore {
    let store = this.#stores.get(name);
    if (!store) {
      store = new MemoryRowStore(checkTableName(name));
      this.#stores.set(name, store);
    }
    return store;
  }
}
