import type { Status } from "../controls/types.ts";
import { resourcePart } from "./keys.ts";
import { queryAll, type RowStore, type RowWrite } from "./rows.ts";
import type { RecordedFinding } from "./types.ts";

/** One day of the estate's posture: how many findings had each status, as last seen by that day. */
export interface DailyPosture {
  /** YYYY-MM-DD, UTC. */
  day: string;
  counts: Partial<Record<Status, number>>;
}

const DAY_MS = 86_400_000;
/** A report reads at most a year of days; each day is one partition. */
export const MAX_POSTURE_DAYS = 366;

const dayOf = (at: Date) => at.toISOString().slice(0, 10);
const STATUSES = new Set<string>(["compliant", "noncompliant", "not-applicable", "unknown", "exempt"]);

/**
 * The smallest durable record that gives the posture a history: one row per day, resource and
 * control, with the status seen that day (partition: the day; row: the resource and control, as
 * in the findings table). Recording is an upsert of rows the findings already carry, so it is
 * idempotent and never contends with another writer; the findings table keeps only the latest
 * status. Findings about the service itself (`guard.*` control ids) are no part of the posture.
 */
export class PostureLedger {
  readonly #rows: RowStore;

  constructor(rows: RowStore) {
    this.#rows = rows;
  }

  async record(findings: readonly RecordedFinding[], at: Date): Promise<void> {
    const writes: RowWrite[] = findings
      .filter((f) => !f.controlId.startsWith("guard."))
      .map((f) => ({
        row: `${resourcePart(f.resourceId)}~${f.controlId}`,
        fields: { resourceId: f.resourceId, controlId: f.controlId, status: f.status, severity: f.severity, classification: f.classification, stage: f.stage, at: at.toISOString() },
      }));
    // Two findings of one resource and control in one call: the later one is what the day saw.
    const unique = [...new Map(writes.map((w) => [w.row, w])).values()];
    for (let i = 0; i < unique.length; i += 100) await this.#rows.write(dayOf(at), unique.slice(i, i + 100));
  }

  /**
   * The posture of each of the `days` days up to `until`: every finding's last status seen on or
   * before that day within the window (a sweep that skips a day leaves yesterday's statuses standing).
   */
  async history(days: number, until: Date): Promise<DailyPosture[]> {
    if (!Number.isInteger(days) || days < 1 || days > MAX_POSTURE_DAYS) throw new RangeError(`days must be a whole number from 1 to ${MAX_POSTURE_DAYS}, got ${days}`);
    const latest = new Map<string, Status>();
    const history: DailyPosture[] = [];
    for (let offset = days - 1; offset >= 0; offset--) {
      const day = dayOf(new Date(until.getTime() - offset * DAY_MS));
      for (const row of await queryAll(this.#rows, { partition: day })) {
        // A ledger row is input like any other: one with a status we never write is left out.
        if (typeof row.fields.status === "string" && STATUSES.has(row.fields.status)) latest.set(row.row, row.fields.status as Status);
      }
      if (latest.size === 0) continue;
      const counts: Partial<Record<Status, number>> = {};
      for (const status of latest.values()) counts[status] = (counts[status] ?? 0) + 1;
      history.push({ day, counts });
    }
    return history;
  }
}
