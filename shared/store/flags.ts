import { resourcePart, subscriptionPartition } from "./keys.ts";
import { queryAll, type RowStore } from "./rows.ts";

export interface SweepFlag {
  resourceId: string;
  reason: string;
  flaggedAt: string;
}

/** Resources whose work item was given up on (poison): the next sweep scans them again first. */
export class SweepFlags {
  readonly #rows: RowStore;

  constructor(rows: RowStore) {
    this.#rows = rows;
  }

  async flag(resourceId: string, reason: string, at: Date): Promise<void> {
    await this.#rows.write(subscriptionPartition(resourceId), [{ row: resourcePart(resourceId), fields: { resourceId, reason: reason.slice(0, 4000), flaggedAt: at.toISOString() } }]);
  }

  async list(subscriptionId: string): Promise<SweepFlag[]> {
    const rows = await queryAll(this.#rows, { partition: subscriptionId.toLowerCase() });
    return rows.map((row) => ({ resourceId: String(row.fields.resourceId), reason: String(row.fields.reason), flaggedAt: String(row.fields.flaggedAt) }));
  }

  async clear(resourceId: string): Promise<void> {
    await this.#rows.remove(subscriptionPartition(resourceId), resourcePart(resourceId));
  }
}
