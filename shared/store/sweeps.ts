import { resourcePart } from "./keys.ts";
import { ABSENT, queryAll, type RowStore } from "./rows.ts";

export interface ShardSummary {
  resources: number;
  /** Listed, but outside the scopes: never judged. */
  outOfScope: number;
  errors: number;
}

export interface SweepTotals {
  /** What the sweep covers: `/subscriptions/{id}`, a resource group, or `/` for several subscriptions. */
  scope: string;
  /** Its shards: one listing each (a type in a subscription through ARM, or a type's Resource Graph query over the scopes). */
  shards: number;
  /** Shards whose every page is done. */
  shardsDone: number;
  resources: number;
  outOfScope: number;
  errors: number;
  fixTargets: FixTarget[];
  /** Fixes due per control id, over every shard. */
  dueByControl: Record<string, number>;
}

/** A resource a shard found needing fixes, and the controls due. */
export interface FixTarget {
  resourceId: string;
  controls: string[];
}

/** Which page of which shard: a shard pages through its listing, each page a work item of its own. */
export interface ShardPage {
  shard: number;
  page: number;
  /** No page follows this one. */
  last: boolean;
}

const SWEEP_ROW = "sweep";
const SHARD_PREFIX = "shard~";
const END_PREFIX = "end~";
const FIX_PREFIX = "fix~";
const pad = (n: number) => String(n).padStart(6, "0");
const range = (prefix: string) => ({ from: prefix, to: `${prefix}\u007f` });

/**
 * A sharded sweep's progress, one partition per sweep: how many shards it has, each page's
 * counts once done, how many pages each shard turned out to have, and the resources that need a
 * fix. The page that completes the set decides, for the whole estate, whether the fixes go ahead
 * (see the sweep share cap).
 */
export class SweepLedger {
  readonly #rows: RowStore;

  constructor(rows: RowStore) {
    this.#rows = rows;
  }

  async start(sweepId: string, shards: number, scope: string, at: Date): Promise<void> {
    await this.#rows.write(sweepId, [{ row: SWEEP_ROW, fields: { shards, scope, startedAt: at.toISOString() } }]);
  }

  /** Records a page's results (again, harmlessly, when its message is redelivered); true when every page of every shard is done. */
  async completePage(sweepId: string, at: ShardPage, summary: ShardSummary, fixTargets: readonly FixTarget[], now: Date): Promise<boolean> {
    const fixes = fixTargets.map((t) => ({ row: `${FIX_PREFIX}${resourcePart(t.resourceId)}`, fields: { resourceId: t.resourceId, controls: JSON.stringify(t.controls) } }));
    for (let i = 0; i < fixes.length; i += 100) await this.#rows.write(sweepId, fixes.slice(i, i + 100));
    const done = { row: `${SHARD_PREFIX}${pad(at.shard)}~${pad(at.page)}`, fields: { ...summary, doneAt: now.toISOString() } };
    await this.#rows.write(sweepId, at.last ? [done, { row: `${END_PREFIX}${pad(at.shard)}`, fields: { pages: at.page + 1 } }] : [done]);
    const totals = await this.totals(sweepId, { withFixTargets: false });
    return totals.shardsDone >= totals.shards;
  }

  async totals(sweepId: string, options: { withFixTargets: boolean }): Promise<SweepTotals> {
    const sweep = await this.#rows.get(sweepId, SWEEP_ROW);
    const pages = await queryAll(this.#rows, { partition: sweepId, rows: range(SHARD_PREFIX) });
    const ends = await queryAll(this.#rows, { partition: sweepId, rows: range(END_PREFIX) });
    const fixes = options.withFixTargets ? await queryAll(this.#rows, { partition: sweepId, rows: range(FIX_PREFIX) }) : [];
    const sum = (name: string) => pages.reduce((total, row) => total + (typeof row.fields[name] === "number" ? (row.fields[name] as number) : 0), 0);
    const pagesDone = new Map<string, number>();
    for (const row of pages) {
      const shard = row.row.slice(SHARD_PREFIX.length, SHARD_PREFIX.length + 6);
      pagesDone.set(shard, (pagesDone.get(shard) ?? 0) + 1);
    }
    const shardsDone = ends.filter((row) => pagesDone.get(row.row.slice(END_PREFIX.length)) === row.fields.pages).length;
    const fixTargets = fixes.map((row) => ({ resourceId: String(row.fields.resourceId), controls: JSON.parse(String(row.fields.controls ?? "[]")) as string[] }));
    const dueByControl: Record<string, number> = {};
    for (const target of fixTargets) for (const control of target.controls) dueByControl[control] = (dueByControl[control] ?? 0) + 1;
    return {
      scope: typeof sweep?.fields.scope === "string" ? sweep.fields.scope : "/",
      shards: typeof sweep?.fields.shards === "number" ? sweep.fields.shards : Number.POSITIVE_INFINITY,
      shardsDone,
      resources: sum("resources"),
      outOfScope: sum("outOfScope"),
      errors: sum("errors"),
      fixTargets,
      dueByControl,
    };
  }

  /** True for exactly one caller: the one that finalizes the sweep. */
  async claimFinalize(sweepId: string, at: Date): Promise<boolean> {
    return this.#rows.write(sweepId, [{ row: "finalized", fields: { at: at.toISOString() }, expect: ABSENT }]);
  }
}
