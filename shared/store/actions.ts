import { queryAll, type Fields, type RowStore, type StoredRow } from "./rows.ts";
import type { LedgerSeal } from "./seal.ts";
import type { ActionRecord } from "./types.ts";

const ROW = "action";
/** The name the seal binds rows to, whatever prefix the deployment's tables carry. */
const TABLE = "actions";
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

function fromFields(fields: Fields): ActionRecord {
  const action: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) action[name] = (STRUCTURED as readonly string[]).includes(name) ? JSON.parse(String(value)) : value;
  return action as unknown as ActionRecord;
}

export interface VersionedAction {
  action: ActionRecord;
  version: string;
}

/**
 * Actions by id (one partition each, so a lookup is a point read and writes never contend). Each
 * row is sealed (seal.ts): what a rollback would write back to ARM comes from these rows, so a row
 * that fails its check is refused with LedgerIntegrityError, never returned.
 */
export class ActionStore {
  readonly #rows: RowStore;
  readonly #seal: LedgerSeal;

  constructor(rows: RowStore, seal: LedgerSeal) {
    this.#rows = rows;
    this.#seal = seal;
  }

  #sealed(action: ActionRecord): Fields {
    return this.#seal.seal(TABLE, action.id, ROW, toFields(action));
  }

  #open(row: StoredRow): ActionRecord {
    return fromFields(this.#seal.verified(TABLE, row.partition, row.row, row.fields));
  }

  async put(action: ActionRecord): Promise<void> {
    await this.#rows.write(action.id, [{ row: ROW, fields: this.#sealed(action) }]);
  }

  /** The action and its row's version (its ETag); throws LedgerIntegrityError for a row that fails its check. */
  async get(id: string): Promise<VersionedAction | undefined> {
    const row = await this.#rows.get(id, ROW);
    return row ? { action: this.#open(row), version: row.version } : undefined;
  }

  /** Every action whose fields equal these (e.g. applied remediations): a scan of the table, for reports. Throws on a row that fails its check. */
  async list(equals: Fields = {}): Promise<ActionRecord[]> {
    return (await queryAll(this.#rows, { equals })).map((row) => this.#open(row));
  }

  /** Replaces the action only if nobody changed it since `version` was read. */
  async replace(action: ActionRecord, version: string): Promise<boolean> {
    return this.#rows.write(action.id, [{ row: ROW, fields: this.#sealed(action), expect: version }]);
  }
}
