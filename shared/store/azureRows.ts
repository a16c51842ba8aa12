import { odata, TableClient, type TableEntity, type TableEntityResult, type TransactionAction } from "@azure/data-tables";
import { allowsPlainHttp, type StorageConnection } from "./connection.ts";
import { ABSENT, checkTableName, type FieldValue, type Fields, type PageRequest, type RowPage, type RowQuery, type RowStore, type RowWrite, type StoredRow, type TableSource } from "./rows.ts";

/** Statuses that mean "an expectation failed": exists (insert), changed (replace), gone (replace). */
const CONFLICT_STATUSES = new Set([404, 409, 412]);
const SYSTEM_FIELDS = new Set(["partitionKey", "rowKey", "etag", "timestamp", "odata.metadata"]);

function isConflict(error: unknown): boolean {
  return CONFLICT_STATUSES.has((error as { statusCode?: number })?.statusCode ?? 0);
}

function toRow(entity: TableEntityResult<Record<string, unknown>>): StoredRow {
  const fields: Fields = {};
  for (const [name, value] of Object.entries(entity)) {
    if (SYSTEM_FIELDS.has(name) || name.includes("@odata")) continue;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") fields[name] = value;
  }
  return { partition: entity.partitionKey ?? "", row: entity.rowKey ?? "", fields, version: entity.etag };
}

function filterOf(query: RowQuery): string | undefined {
  const clauses: string[] = [];
  if (query.partition !== undefined) clauses.push(odata`PartitionKey eq ${query.partition}`);
  if (query.rows) clauses.push(odata`RowKey ge ${query.rows.from} and RowKey lt ${query.rows.to}`);
  for (const [name, value] of Object.entries(query.equals ?? {})) clauses.push(`${fieldName(name)} eq ${literal(value)}`);
  if (query.before) clauses.push(`${fieldName(query.before.field)} lt ${literal(query.before.value)}`);
  if (query.startsWith)
    clauses.push(`${fieldName(query.startsWith.field)} ge ${literal(query.startsWith.value)} and ${fieldName(query.startsWith.field)} lt ${literal(`${query.startsWith.value}\uffff`)}`);
  return clauses.length > 0 ? clauses.join(" and ") : undefined;
}

function fieldName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`field name ${JSON.stringify(name)} cannot be queried`);
  return name;
}

/** An OData literal: strings quoted with quotes doubled (the `odata` tag only quotes inside a comparison it can see). */
function literal(value: FieldValue): string {
  if (typeof value === "string") return `'${value.replace(/'/g, "''")}'`;
  return String(value);
}

/** One Azure table (or Azurite's), created on first use. */
class AzureRowStore implements RowStore {
  readonly table: string;
  readonly #client: TableClient;
  #ready: Promise<void> | undefined;

  constructor(client: TableClient) {
    this.#client = client;
    this.table = client.tableName;
  }

  async #created(): Promise<TableClient> {
    this.#ready ??= this.#client.createTable().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    await this.#ready;
    return this.#client;
  }

  async get(partition: string, row: string): Promise<StoredRow | undefined> {
    const client = await this.#created();
    try {
      return toRow(await client.getEntity<Record<string, unknown>>(partition, row));
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }

  async write(partition: string, writes: readonly RowWrite[]): Promise<boolean> {
    if (writes.length === 0) return true;
    if (writes.length > 100) throw new Error(`a transaction holds at most 100 rows, got ${writes.length}`);
    const client = await this.#created();
    const entity = (w: RowWrite): TableEntity => ({ partitionKey: partition, rowKey: w.row, ...w.fields });
    try {
      if (writes.length === 1) {
        const [w] = writes as [RowWrite];
        if (w.expect === ABSENT) await client.createEntity(entity(w));
        else if (typeof w.expect === "string") await client.updateEntity(entity(w), "Replace", { etag: w.expect });
        else await client.upsertEntity(entity(w), "Replace");
        return true;
      }
      const actions: TransactionAction[] = writes.map((w) =>
        w.expect === ABSENT ? ["create", entity(w)] : typeof w.expect === "string" ? ["update", entity(w), "Replace", { etag: w.expect }] : ["upsert", entity(w), "Replace"],
      );
      await client.submitTransaction(actions);
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      throw error;
    }
  }

  async merge(partition: string, row: string, fields: Fields): Promise<void> {
    const client = await this.#created();
    await client.upsertEntity({ partitionKey: partition, rowKey: row, ...fields }, "Merge");
  }

  async remove(partition: string, row: string, version?: string): Promise<boolean> {
    const client = await this.#created();
    try {
      await client.deleteEntity(partition, row, version ? { etag: version } : {});
      return true;
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 404) return true;
      if (status === 412) return false;
      throw error;
    }
  }

  async query(query: RowQuery, page: PageRequest = {}): Promise<RowPage> {
    const client = await this.#created();
    const filter = filterOf(query);
    const pages = client
      .listEntities<Record<string, unknown>>(filter ? { queryOptions: { filter } } : {})
      .byPage({ ...(page.limit ? { maxPageSize: page.limit } : {}), ...(page.continuation ? { continuationToken: page.continuation } : {}) });
    const next = await pages.next();
    if (next.done || !next.value) return { rows: [] };
    const rows = next.value.map(toRow);
    const continuation = next.value.continuationToken;
    return { rows, ...(continuation ? { continuation } : {}) };
  }
}

/**
 * The ledger's tables in one storage account, each name prefixed so that several deployments
 * (or test runs) can share an account. `open("outbox")` is how a new table joins the ledger.
 */
export class AzureTables implements TableSource {
  readonly prefix: string;
  readonly #connection: StorageConnection;
  readonly #stores = new Map<string, AzureRowStore>();

  constructor(connection: StorageConnection, options: { prefix?: string } = {}) {
    this.#connection = connection;
    this.prefix = options.prefix ?? "guard";
  }

  open(name: string): RowStore {
    let store = this.#stores.get(name);
    if (!store) {
      const table = checkTableName(`${this.prefix}${name[0]?.toUpperCase() ?? ""}${name.slice(1)}`);
      const connection = this.#connection;
      const client =
        "connectionString" in connection
          ? TableClient.fromConnectionString(connection.connectionString, table, { allowInsecureConnection: allowsPlainHttp(connection) })
          : new TableClient(connection.tableUrl, table, connection.credential);
      store = new AzureRowStore(client);
      this.#stores.set(name, store);
    }
    return store;
  }
}
