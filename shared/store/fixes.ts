import { isSelfOrChild, resourcePart, resourceRange, subscriptionPartition } from "./keys.ts";
import { ABSENT, queryAll, type Fields, type RowStore, type StoredRow } from "./rows.ts";
import type { LedgerSeal } from "./seal.ts";
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
  /** The last exception a person cleared, kept for the record. */
  cleared?: ClearedException;
  version: string;
}

export interface ClearedException {
  mark: ExceptionMark;
  by: string;
  at: string;
  reason: string;
}

export interface TargetFixState {
  leases: WriteLease[];
  controls: ControlFixState[];
  /** Control rows that failed their integrity check: ignored, as if absent (their marks and counts were not the service's). */
  refused: { row: string; reason: string }[];
}

/** The name the seal binds control rows to. */
const TABLE = "fixes";

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

function controlStateOf(fields: Fields, version: string): ControlFixState {
  const f = fields;
  return {
    resourceId: String(f.resourceId),
    controlId: String(f.controlId),
    fixes: typeof f.fixes === "number" ? f.fixes : 0,
    ...(typeof f.countingSince === "string" ? { countingSince: f.countingSince } : {}),
    ...(typeof f.exception === "string" ? { exception: JSON.parse(f.exception) as ExceptionMark } : {}),
    ...(typeof f.cleared === "string" ? { cleared: JSON.parse(f.cleared) as ClearedException } : {}),
    version,
  };
}

function controlFields(state: Omit<ControlFixState, "version">): Fields {
  return {
    resourceId: state.resourceId,
    controlId: state.controlId,
    fixes: state.fixes,
    ...(state.countingSince ? { countingSince: state.countingSince } : {}),
    ...(state.exception ? { exception: JSON.stringify(state.exception) } : {}),
    ...(state.cleared ? { cleared: JSON.stringify(state.cleared) } : {}),
  };
}

/**
 * Write leases and per-control fix state, in rows keyed like findings so one range query reads a
 * resource's. Control rows are sealed (seal.ts): an exception mark or a count that fails its
 * check is ignored. Leases carry no seal: a forged one can only delay a write until it expires,
 * and the intents it names are sealed action rows.
 */
export class FixStateStore {
  readonly #rows: RowStore;
  readonly #seal: LedgerSeal;

  constructor(rows: RowStore, seal: LedgerSeal) {
    this.#rows = rows;
    this.#seal = seal;
  }

  async ofTarget(targetId: string): Promise<TargetFixState> {
    const rows = (await queryAll(this.#rows, { partition: subscriptionPartition(targetId), rows: resourceRange(targetId) })).filter((row) => isSelfOrChild(String(row.fields.resourceId), targetId));
    const state: TargetFixState = { leases: rows.filter((row) => row.row.endsWith(LEASE_SUFFIX)).map(leaseOf), controls: [], refused: [] };
    for (const row of rows.filter((candidate) => !candidate.row.endsWith(LEASE_SUFFIX))) {
      const verdict = this.#seal.check(TABLE, row.partition, row.row, row.fields);
      if (verdict.ok) state.controls.push(controlStateOf(row.fields, row.version));
      else state.refused.push({ row: row.row, reason: verdict.reason });
    }
    return state;
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
      // A row that fails its check is replaced as if it were not there; its version still guards the write.
      const trusted = current && this.#seal.check(TABLE, partition, row, current.fields).ok ? controlStateOf(current.fields, current.version) : undefined;
      const fields = this.#seal.seal(TABLE, partition, row, controlFields(change(trusted)));
      if (await this.#rows.write(partition, [{ row, fields, expect: current?.version ?? ABSENT }])) return;
    }
    throw new Error(`fix state of ${resourceKey(resourceId)} / ${controlId} kept changing under us`);
  }

  /** Removes the exception mark of one resource and control, recording who cleared it and why; the mark cleared, or undefined when there was none. */
  async clearException(resourceId: string, controlId: string, cleared: Omit<ClearedException, "mark">): Promise<ExceptionMark | undefined> {
    let removed: ExceptionMark | undefined;
    await this.updateControl(resourceId, controlId, (current) => {
      removed = current?.exception;
      const { version: _version, exception: _exception, ...rest } = current ?? { resourceId, controlId, fixes: 0, version: "" };
      // The drift count starts again: the person decided fixing should resume.
      return removed ? { ...rest, fixes: 0, cleared: { ...cleared, mark: removed } } : rest;
    });
    return removed;
  }
}
