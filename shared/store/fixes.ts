import { isSelfOrChild, resourcePart, resourceRange, subscriptionPartition } from "./keys.ts";
import { ABSENT, queryAll, type Fields, type RowStore, type StoredRow } from "./rows.ts";
import type { ExceptionMark } from "./types.ts";
import { resourceKey } from "../core/index.ts";

/**
 * A write in progress on one document: who holds it, since when, and the intents recorded
 * for it. It is taken before the intents and released after the outcomes, so a lease that
 * is still there afterwards marks a run that died in between.
 */
export interface WriteLease {
  resourceId: string;
  holder: string;
  since: string;
  actionIds: string[];
  version: string;
}

/** What the guards remember about one resource and control. */
export interface ControlFixState {
  resourceId: string;
  controlId: string;
  /** Fixes applied since `countingSince` (the drift window's start). */
  fixes: number;
  countingSince?: string;
  exception?: ExceptionMark;
  version: string;
}

export interface TargetFixState {
  leases: WriteLease[];
  controls: ControlFixState[];
}

const LEASE_SUFFIX = "~";
const leaseRow = (resourceId: string) => `${resourcePart(resourceId)}${LEASE_SUFFIX}`;
const controlRow = (resourceId: string, controlId: string) => `${resourcePart(resourceId)}~${controlId}`;

function leaseOf(row: StoredRow): WriteLease {
  return {
    resourceId: String(row.fields.resourceId),
    holder: String(row.fields.holder),
    since: String(row.fields.since),
    actionIds: JSON.parse(String(row.fields.actionIds ?? "[]")) as string[],
    version: row.version,
  };
}

function controlStateOf(row: StoredRow): ControlFixState {
  const f = row.fields;
  return {
    resourceId: String(f.resourceId),
    controlId: String(f.controlId),
    fixes: typeof f.fixes === "number" ? f.fixes : 0,
    ...(typeof f.countingSince === "string" ? { countingSince: f.countingSince } : {}),
    ...(typeof f.exception === "string" ? { exception: JSON.parse(f.exception) as ExceptionMark } : {}),
    version: row.version,
  };
}

function controlFields(state: Omit<ControlFixState, "version">): Fields {
  return {
    resourceId: state.resourceId,
    controlId: state.controlId,
    fixes: state.fixes,
    ...(state.countingSince ? { countingSince: state.countingSince } : {}),
    ...(state.exception ? { exception: JSON.stringify(state.exception) } : {}),
  };
}

/** Write leases and per-control fix state, in rows keyed like findings so one range query reads a resource's. */
export class FixStateStore {
  readonly #rows: RowStore;

  constructor(rows: RowStore) {
    this.#rows = rows;
  }

  async ofTarget(targetId: string): Promise<TargetFixState> {
    const rows = (await queryAll(this.#rows, { partition: subscriptionPartition(targetId), rows: resourceRange(targetId) })).filter((row) => isSelfOrChild(String(row.fields.resourceId), targetId));
    return {
      leases: rows.filter((row) => row.row.endsWith(LEASE_SUFFIX)).map(leaseOf),
      controls: rows.filter((row) => !row.row.endsWith(LEASE_SUFFIX)).map(controlStateOf),
    };
  }

  /** Takes the lease on a document: only if there is none, or it is still the one read (`replacing`). */
  async takeLease(resourceId: string, holder: string, now: Date, replacing?: WriteLease): Promise<WriteLease | undefined> {
    const fields = { resourceId, holder, since: now.toISOString(), actionIds: "[]" };
    const ok = await this.#rows.write(subscriptionPartition(resourceId), [{ row: leaseRow(resourceId), fields, expect: replacing?.version ?? ABSENT }]);
    if (!ok) return undefined;
    const taken = await this.#rows.get(subscriptionPartition(resourceId), leaseRow(resourceId));
    return taken ? leaseOf(taken) : undefined;
  }

  /** Adds intents to a held lease (only its holder writes it). */
  async noteIntents(lease: WriteLease, actionIds: readonly string[]): Promise<void> {
    lease.actionIds.push(...actionIds);
    await this.#rows.merge(subscriptionPartition(lease.resourceId), leaseRow(lease.resourceId), { actionIds: JSON.stringify(lease.actionIds) });
  }

  async releaseLease(resourceId: string): Promise<void> {
    await this.#rows.remove(subscriptionPartition(resourceId), leaseRow(resourceId));
  }

  /**
   * Changes one control's state with optimistic concurrency, retrying on a conflicting writer;
   * `change` gets the current state (undefined when there is none yet).
   */
  async updateControl(resourceId: string, controlId: string, change: (current: ControlFixState | undefined) => Omit<ControlFixState, "version">): Promise<void> {
    const partition = subscriptionPartition(resourceId);
    const row = controlRow(resourceId, controlId);
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = await this.#rows.get(partition, row);
      const next = change(current ? controlStateOf(current) : undefined);
      if (await this.#rows.write(partition, [{ row, fields: controlFields(next), expect: current?.version ?? ABSENT }])) return;
    }
    throw new Error(`fix state of ${resourceKey(resourceId)} / ${controlId} kept changing under us`);
  }
}
