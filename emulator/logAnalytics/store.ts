import { normalizeRow, type AdministrativeRecord, type AuditRecord, type KeyVaultLogTable, type LogTable } from "../../shared/anomalies/index.ts";

/** A query the emulator answered, for tests to look at. */
export interface LogQueryLogEntry {
  workspaceId: string;
  table: LogTable | undefined;
  timespan: string | undefined;
  status: number;
  rows: number;
}

interface Workspace {
  audit: Map<KeyVaultLogTable, AuditRecord[]>;
  /** AzureActivity, once the workspace received any. */
  activity: AdministrativeRecord[] | undefined;
}

/**
 * The rows each workspace holds, per table, and how the workspace misbehaves. Rows are checked
 * when added, with the same normalization the aggregation uses, so a test's bad row fails at
 * once, naming itself, instead of vanishing from a result.
 */
export class LogAnalyticsStore {
  readonly #workspaces = new Map<string, Workspace>();
  readonly #throttled = new Map<string, { remaining: number; retryAfterSeconds: number }>();
  /** Largest result the service returns before it truncates and reports a partial error. */
  maxResultRows = 500_000;
  readonly queries: LogQueryLogEntry[] = [];

  #workspace(workspaceId: string): Workspace {
    const key = workspaceId.toLowerCase();
    let workspace = this.#workspaces.get(key);
    if (!workspace) this.#workspaces.set(key, (workspace = { audit: new Map(), activity: undefined }));
    return workspace;
  }

  /** Adds raw rows (column name to value, as the table holds them) to a workspace's table. */
  addRows(workspaceId: string, table: LogTable, rows: readonly Record<string, unknown>[]): void {
    const normalized = rows.map((row, index) => {
      const result = normalizeRow(row, table);
      if (result.status === "bad") throw new Error(`addRows(${workspaceId}, ${table}): row ${index}: ${result.reason}`);
      return result;
    });
    const workspace = this.#workspace(workspaceId);
    if (table === "AzureActivity") {
      const held = (workspace.activity ??= []);
      for (const result of normalized) if (result.status === "record" && result.table === "AzureActivity") held.push(result.record);
      return;
    }
    const held = workspace.audit.get(table) ?? [];
    workspace.audit.set(table, held);
    for (const result of normalized) if (result.status === "record" && result.table !== "AzureActivity") held.push(result.record);
  }

  /** The Key Vault audit rows of a table, or undefined when the workspace never received any (the table does not exist). */
  records(workspaceId: string, table: KeyVaultLogTable): readonly AuditRecord[] | undefined {
    return this.#workspaces.get(workspaceId.toLowerCase())?.audit.get(table);
  }

  /** The AzureActivity rows, or undefined when the workspace never received any. */
  activity(workspaceId: string): readonly AdministrativeRecord[] | undefined {
    return this.#workspaces.get(workspaceId.toLowerCase())?.activity;
  }

  hasWorkspace(workspaceId: string): boolean {
    return this.#workspaces.has(workspaceId.toLowerCase());
  }

  /** The next `count` queries to the workspace are answered 429 with this Retry-After. */
  throttle(workspaceId: string, count: number, retryAfterSeconds = 0): void {
    this.#throttled.set(workspaceId.toLowerCase(), { remaining: count, retryAfterSeconds });
  }

  /** Consumes one throttled answer if any is pending; returns its Retry-After. */
  takeThrottle(workspaceId: string): number | undefined {
    const pending = this.#throttled.get(workspaceId.toLowerCase());
    if (!pending || pending.remaining <= 0) return undefined;
    pending.remaining -= 1;
    return pending.retryAfterSeconds;
  }

  clear(): void {
    this.#workspaces.clear();
    this.#throttled.clear();
    this.queries.splice(0, this.queries.length);
  }
}
