import { keySafe } from "./keys.ts";
import { ABSENT, type RowStore, type RowWrite } from "./rows.ts";

export interface CounterLimit {
  /** The counter's row, e.g. `estate` or `subscription~<id>`. */
  name: string;
  limit: number;
}

export type Reservation = { ok: true } | { ok: false; name: string; count: number; limit: number };

/**
 * Counters per time window (the blast-radius breaker's fixes per window). All counters of a
 * window share a partition, so a reservation against several limits is one transaction.
 */
export class WindowCounters {
  readonly #rows: RowStore;

  constructor(rows: RowStore) {
    this.#rows = rows;
  }

  /** Adds `amount` to every counter, or to none when one of them would pass its limit. */
  async reserve(window: string, limits: readonly CounterLimit[], amount: number): Promise<Reservation> {
    const partition = keySafe(window);
    for (let attempt = 0; attempt < 20; attempt++) {
      const writes: RowWrite[] = [];
      for (const { name, limit } of limits) {
        const current = await this.#rows.get(partition, name);
        const count = typeof current?.fields.count === "number" ? current.fields.count : 0;
        if (count + amount > limit) return { ok: false, name, count, limit };
        writes.push({ row: name, fields: { count: count + amount }, expect: current?.version ?? ABSENT });
      }
      if (await this.#rows.write(partition, writes)) return { ok: true };
    }
    throw new Error(`counters of window ${window} kept changing under us`);
  }

  /** True for the first caller of this window and name: raise an alert once, not at every refusal. */
  async once(window: string, name: string, at: Date): Promise<boolean> {
    return this.#rows.write(keySafe(window), [{ row: `once~${name}`, fields: { at: at.toISOString() }, expect: ABSENT }]);
  }
}
