import type { RowQuery, TableSource } from "./rows.ts";

/** What the ledger keeps only for a while: each kind's rows expire after its number of days. */
export type RetentionKind = "events" | "keys" | "anomalies" | "posture";
export type RetentionDays = Record<RetentionKind, number>;

/**
 * The defaults (docs/operations.md): processed-event markers outlive Event Grid's 24 hours of
 * redelivery; other idempotency keys outlive any sweep and its retries; anomalies cover the
 * longest baseline a policy may set (90 days); the posture history covers the longest report
 * (a year of days) and a little more.
 */
export const DEFAULT_RETENTION_DAYS: RetentionDays = { events: 2, keys: 14, anomalies: 90, posture: 400 };

/** A table whose rows expire: which kind of retention applies, and the field holding each row's time (ISO text). */
export interface RetentionRule {
  kind: RetentionKind;
  table: string;
  field: string;
  /** Only the rows whose field starts with this (the processed-event markers among the keys). */
  startsWith?: { field: string; value: string };
}

/**
 * Every table with rows that expire. A concern that keeps rows only for a while adds its table
 * here (the anomaly tables are shared/anomalies' own; their time fields are named here).
 */
export const RETENTION_RULES: RetentionRule[] = [
  { kind: "events", table: "keys", field: "startedAt", startsWith: { field: "key", value: "event:" } },
  { kind: "keys", table: "keys", field: "startedAt" },
  { kind: "anomalies", table: "anomalies", field: "start" },
  { kind: "anomalies", table: "anomalyAlerts", field: "sentAt" },
  { kind: "posture", table: "posture", field: "at" },
];

const DAY_MS = 86_400_000;
/** Rows deleted in one run at most: a backlog is worked off over a few days, never in one invocation. */
export const MAX_EXPIRED_PER_RUN = 50_000;

export interface RetentionReport {
  /** Rows deleted per table. */
  deleted: Record<string, number>;
  /** The run stopped at MAX_EXPIRED_PER_RUN; the rest goes next time. */
  truncated: boolean;
}

/** Deletes the rows past their retention, page by page (a row another writer changed meanwhile stays). */
export async function expireRows(tables: TableSource, days: Partial<RetentionDays>, now: Date, rules: readonly RetentionRule[] = RETENTION_RULES): Promise<RetentionReport> {
  const report: RetentionReport = { deleted: {}, truncated: false };
  let budget = MAX_EXPIRED_PER_RUN;
  for (const rule of rules) {
    const keep = days[rule.kind] ?? DEFAULT_RETENTION_DAYS[rule.kind];
    if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`retention of ${rule.kind} must be a whole number of days, got ${keep}`);
    const store = tables.open(rule.table);
    const query: RowQuery = { before: { field: rule.field, value: new Date(now.getTime() - keep * DAY_MS).toISOString() }, ...(rule.startsWith ? { startsWith: rule.startsWith } : {}) };
    for (;;) {
      const page = await store.query(query, { limit: Math.min(1000, budget) });
      for (const row of page.rows) if (await store.remove(row.partition, row.row, row.version)) report.deleted[rule.table] = (report.deleted[rule.table] ?? 0) + 1;
      budget -= page.rows.length;
      if (budget <= 0) return { ...report, truncated: true };
      // Deleting shifts what a continuation points at: each round asks again from the start.
      if (page.rows.length === 0 || !page.continuation) break;
    }
  }
  return report;
}
