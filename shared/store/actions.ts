import { queryAll, type Fields, type RowStore, type StoredRow } from "./rows.ts";
import type { ActionRecord } from "./types.ts";

const ROW = "action";
/** Fields kept as JSON text: the Table service stores flat values only. */
const STRUCTURED = ["fix", "finding", "after", "exception"] as const;

function toFields(action: ActionRecord): Fields {
  const fields: Fields = {};
  for (const [name, value] of Object.entries(action)) {
    if (value === undefined) continue;
    fields[name] = (STRUCTURED as readonly string[]).includes(name) ? JSON.stringify(value) : (value as string);
  }
  return fields;
}

function fromRow(row: StoredRow): ActionRecord {
  const action: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row.fields)) action[name] = (STRUCTURED as readonly string[]).includes(name) ? JSON.parse(String(value)) : value;
  return action as unknown as ActionRecord;
}

export interface VersionedAction {
  action: ActionRecord;
  version: string;
}

/** Actions by id (one partition each, so a lookup is a point read and writes never contend). */
export class ActionStore {
  readonly #rows: RowStore;

  constructor(rows: RowStore) {
    this.#rows = rows;
  }

  async put(action: ActionRecord): Promise<void> {
    await this.#rows.write(action.id, [{ row: ROW, fields: toFields(action) }]);
  }

  async get(id: string): Promise<VersionedAction | undefined> {
    const row = await this.#rows.get(id, ROW);
    return row ? { action: fromRow(row), version: row.version } : undefined;
  }

  /** Every action whose fields equal these (e.g. applied remediations): a scan of the table, for reports. */
  async list(equals: Fields = {}): Promise<ActionRecord[]> {
    return (await queryAll(this.#rows, { equals })).map(fromRow);
  }

  /** Replaces the action only if nobody changed it since `version` was read. */
  async replace(action: ActionRecord, version: string): Promise<boolean> {
    return this.#rows.write(action.id, [{ row: ROW, fields: toFields(action), expect: version }]);
  }
}
