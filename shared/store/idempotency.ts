import { digest } from "./keys.ts";
import { ABSENT, type RowStore } from "./rows.ts";

/**
 * - new: first time this key is seen (or a dead holder's claim was taken over): do the work
 * - resumed: the same holder again, i.e. the queue redelivered a message whose run died: do the work
 * - done: finished before: skip
 * - busy: another holder is on it now: skip; if it dies, its own message comes back
 */
export type KeyClaim = "new" | "resumed" | "done" | "busy";

const ROW = "key";

/**
 * Idempotency keys of work items (an event id, a sweep's resource). Event Grid redelivers for
 * up to 24 hours, so a key must outlive that; rows carry their times for a clean-up job.
 */
export class IdempotencyKeys {
  readonly #rows: RowStore;
  readonly #leaseMs: number;

  /** `leaseMs`: how long a claim protects work in progress (longer than a function may run). */
  constructor(rows: RowStore, leaseMs: number) {
    this.#rows = rows;
    this.#leaseMs = leaseMs;
  }

  async claim(key: string, holder: string, now: Date): Promise<KeyClaim> {
    const partition = digest(key);
    const fields = { key: key.slice(0, 1000), status: "started", holder, startedAt: now.toISOString() };
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await this.#rows.write(partition, [{ row: ROW, fields, expect: ABSENT }])) return "new";
      const current = await this.#rows.get(partition, ROW);
      if (!current) continue;
      if (current.fields.status === "done") return "done";
      if (current.fields.holder === holder) return "resumed";
      const startedAt = Date.parse(String(current.fields.startedAt));
      if (now.getTime() - startedAt < this.#leaseMs) return "busy";
      if (await this.#rows.write(partition, [{ row: ROW, fields, expect: current.version }])) return "new";
    }
    return "busy";
  }

  async complete(key: string, now: Date): Promise<void> {
    await this.#rows.merge(digest(key), ROW, { status: "done", doneAt: now.toISOString() });
  }
}
