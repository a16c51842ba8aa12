import type { KeyVaultLogTable } from "../../shared/anomalies/index.ts";
import { normalizeRow, type AuditRecord } from "../../shared/anomalies/index.ts";

/** A query the emulator answered, for tests to look at. */
export interface LogQueryLogEntry {
  workspaceId: string;
  table: KeyVaultLogTable | undefined;
  timespan: string | undefined;
  status: number;
  rows: number;
}

/**
 * The rows each workspace holds, per table, and how the workspace misbehaves. Rows are checked
 * when added, with the same normalization the aggregation uses, so a test's bad row fails at
 * once, naming itself, instead of vanishing from a result.
 */
export class LogAnalyticsStore {
  readonly #tables = new Map<string, Map<KeyVaultLogTable, AuditRecord[]>>();
  readonly #throttled = new Map<string, { remaining: number; retryAfterSeconds: number }>();
  /** Largest result the service returns before it truncates and reports a partial error. */
  maxResultRows = 500_000;
  readonly queries: LogQueryLogEntry[] = [];

  /** Adds raw rows (column name to value, as the table holds them) to a workspace's table. */
  addRows(workspaceId: string, table: KeyVaultLogTable, rows: readonly Record<string, unknown>[]): void {
    const records = rows.map((row, index) => {
      const normalized = normalizeRow(row, table);
      if (normalized.status === "bad") throw new Error(`addRows(${workspaceId}, ${table}): row ${index}: ${normalized.reason}`);
      return normalized.status === "record" ? normalized.record : undefined;
    });
    const tables = this.#tables.get(workspaceId.toLowerCase()) ?? new Map<KeyVaultLogTable, AuditRecord[]>();
    this.#tables.set(workspaceId.toLowerCase(), tables);
    const held = tables.get(table) ?? [];
    tables.set(table, held);
    for (const record of records) if (record) held.push(record);
  }

  /** The rows of a table, or undefined when the workspace never received any (the table does not exist). */
  records(workspaceId: string, table: KeyVaultLogTable): readonly AuditRecord[] | undefined {
    return this.#tables.get(workspaceId.toLowerCase())?.get(table);
  }

  hasWorkspace(workspaceId: string): boolean {
    return this.#tables.has(workspaceId.toLowerCase());
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
    this.#tables.clear();
    this.#throttled.clear();
    this.queries.splice(0, this.queries.length);
  }
}
