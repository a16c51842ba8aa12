import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { describe, writeInScope } from "../actions/index.ts";
import { writerFor } from "../resources/index.ts";
import { valueAt } from "../controls/evidence.ts";
import { withException } from "../guards/drift.ts";
import { LedgerIntegrityError } from "../store/seal.ts";
import type { ActionRecord, ExceptionMark } from "../store/types.ts";
import { valuesMatch } from "./guardedFix.ts";
import { beforeStateDigest, controlRefusal } from "./rollbackReview.ts";
import { effectiveDryRun, type GuardRuntime } from "./runtime.ts";
import { targetOf } from "./scanResource.ts";
import { scopeCheck, scopeOf } from "./scope.ts";
import { ticketIntent } from "./tickets.ts";
import { resourceKey } from "../core/index.ts";

/**
 * - not-found: no such action
 * - not-reversible: not a confirmed fix, irreversible, rolled back already, or its control does
 *   not vouch for the paths and values (the ledger row asks for something no fix of it did)
 * - tampered: the ledger row fails its integrity check
 * - out-of-scope: the resource is outside the scopes
 * - unconfirmed: applying without a reason, or without the etag or digest of what was reviewed
 * - stale: the etag or digest given is not the action's current one (it changed since the review)
 * - changed-since: the resource no longer holds what the fix wrote (someone changed it since),
 *   so writing the before-state would overwrite their change
 * - busy: another run is writing the resource right now
 */
export type RollbackRefusal = "not-found" | "not-reversible" | "tampered" | "out-of-scope" | "unconfirmed" | "stale" | "changed-since" | "busy";

export class RollbackRefused extends Error {
  readonly refusal: RollbackRefusal;
  constructor(refusal: RollbackRefusal, message: string) {
    super(message);
    this.name = "RollbackRefused";
    this.refusal = refusal;
  }
}

/** How long a rollback's exception mark holds automatic fixing back, by default and at most. */
export const ROLLBACK_EXCEPTION_DAYS = { default: 30, max: 90 } as const;

export interface RollbackRequest {
  actionId: string;
  /** Who asked: recorded on the rollback action, its exception mark and its ticket. */
  actor: string;
  /** Plan only; the default. Applying is an explicit `false`. */
  dryRun?: boolean;
  /** Why: required to apply. */
  reason?: string;
  /** What the approver reviewed, from a dry run: the action row's etag or its before-state digest. Required to apply. */
  expected?: { etag?: string; digest?: string };
  /** Days until automatic fixing resumes by itself (1 to ROLLBACK_EXCEPTION_DAYS.max). */
  exceptionDays?: number;
}

export interface RollbackOutcome {
  action: ActionRecord;
  /** What to name when applying: the action row's current etag and its before-state digest. */
  review: { etag: string; digest: string };
  /** The mark set on the resource and control once applied: automatic fixing waits until it expires or is cleared. */
  exception?: ExceptionMark;
  /** The ticket recorded for the applied rollback. */
  ticket?: ActionRecord;
}

const show = (value: unknown) => JSON.stringify(value ?? null);
const DAY_MS = 86_400_000;

async function readAction(runtime: GuardRuntime, actionId: string) {
  try {
    return await runtime.ledger.actions.get(actionId);
  } catch (error) {
    if (error instanceof LedgerIntegrityError) throw new RollbackRefused("tampered", error.message);
    throw error;
  }
}

function confirm(request: RollbackRequest, review: RollbackOutcome["review"]): void {
  if (!request.reason?.trim()) throw new RollbackRefused("unconfirmed", "applying a rollback needs a reason");
  const { etag, digest } = request.expected ?? {};
  if (etag === undefined && digest === undefined) throw new RollbackRefused("unconfirmed", "applying a rollback needs the action's etag or before-state digest, as a dry run reports them");
  if ((etag !== undefined && etag !== review.etag) || (digest !== undefined && digest !== review.digest)) {
    throw new RollbackRefused("stale", "the etag or digest given is not the action's current one: it changed since it was reviewed; review it again with a dry run");
  }
}

/**
 * Restores the recorded before-state of a confirmed, reversible fix, as its own action (kind
 * rollback) with the same intent / write / re-read / outcome steps. A dry run (the default)
 * checks and plans it and reports what to name when applying. Applying needs a reason and the
 * action's current etag or digest; the row must pass its integrity check, the resource must be
 * in scope, and the fix's control must vouch for the paths and values (rollbackReview.ts). Once
 * applied the resource and control get an exception mark that expires (automatic fixing would
 * otherwise undo the rollback), a ticket is recorded, and the original action records which
 * rollback undid it.
 */
export async function rollback(runtime: GuardRuntime, request: RollbackRequest): Promise<RollbackOutcome> {
  const ledger = runtime.ledger;
  const found = await readAction(runtime, request.actionId);
  if (!found) throw new RollbackRefused("not-found", `no action ${request.actionId}`);
  const original = found.action;
  const refuse = (message: string): never => {
    throw new RollbackRefused("not-reversible", `action ${original.id} cannot be rolled back: ${message}`);
  };
  const allowed = scopeCheck(runtime, original.resourceId);
  if (!allowed.ok) throw new RollbackRefused("out-of-scope", allowed.reason);
  if (original.kind !== "remediation") refuse(`it is a ${original.kind}, and only fixes are rolled back`);
  if (original.status !== "applied") refuse(`it ended ${original.status}, so there is no confirmed change to undo`);
  if (original.rolledBackBy) refuse(`action ${original.rolledBackBy} rolled it back already`);
  const fix = original.fix;
  if (!fix || fix.changes.length === 0) return refuse("it recorded no property changes");
  if (fix.safety === "irreversible") refuse("the fix is irreversible (ARM cannot turn it off again)");
  if (fix.controlId !== original.controlId || resourceKey(fix.resourceId) !== resourceKey(original.resourceId)) refuse("its fix names another control or resource than the action");
  const control = runtime.catalog.find((c) => c.id === original.controlId);
  const target = targetOf(runtime, original.resourceId);
  const writer = writerFor(fix.resourceType, runtime.resources);
  if (!control) return refuse(`control ${original.controlId} is not in the catalog`);
  if (!target || !writer) return refuse(`resource type ${fix.resourceType} is not one this service writes`);
  const review = { etag: found.version, digest: beforeStateDigest(original) };
  // Applying is an explicit choice, and GUARD_DRY_RUN still wins over it.
  const dryRun = effectiveDryRun(runtime, request.dryRun ?? true);
  if (!dryRun) confirm(request, review);

  const now = runtime.now();
  const clients = runtime.clients.forSubscription(target.id.subscriptionId);
  const readDoc = async () => (await target.module.collect(clients, target.id)).find((c) => resourceKey(c.doc.id) === resourceKey(original.resourceId))?.doc;
  const doc = await readDoc().catch((error: unknown) => {
    if ((error as { statusCode?: number }).statusCode === 404) throw new RollbackRefused("changed-since", `resource ${original.resourceId} no longer exists`);
    throw error;
  });
  if (!doc) throw new RollbackRefused("changed-since", `resource ${original.resourceId} no longer has the document the fix changed`);
  // Whether the row asks for something the control's fix never did comes first: it is refused whatever the resource holds.
  const restoring = fix.changes.map((c) => ({ path: c.path, before: c.after, after: c.before }));
  const vouch = controlRefusal(control, original, restoring, doc, runtime.policy);
  if (vouch) refuse(vouch);
  const moved = fix.changes.find((c) => !isDeepStrictEqual(valueAt(doc, c.path) ?? null, c.after ?? null) && !isDeepStrictEqual(valueAt(doc, c.path) ?? null, c.before ?? null));
  if (moved) {
    throw new RollbackRefused(
      "changed-since",
      `${moved.path} is now ${show(valueAt(doc, moved.path))}, neither what the fix wrote (${show(moved.after)}) nor the before-state (${show(moved.before)}): someone changed it since, and a rollback would overwrite that`,
    );
  }

  const action: ActionRecord = {
    id: randomUUID(),
    kind: "rollback",
    status: "intent",
    resourceId: original.resourceId,
    controlId: original.controlId,
    actor: request.actor,
    correlationId: original.correlationId,
    startedAt: now.toISOString(),
    fix: { ...fix, changes: restoring, summary: `restore the state before action ${original.id} (${fix.summary})` },
    finding: original.finding,
    rollbackOf: original.id,
    ...(request.reason?.trim() ? { reason: request.reason.trim() } : {}),
  };
  const finish = async (status: ActionRecord["status"], extra: Partial<ActionRecord> = {}) => {
    Object.assign(action, { status, finishedAt: runtime.now().toISOString(), ...extra });
    await runtime.recorder.recordAction(action);
    return action;
  };
  if (dryRun) return { action: await finish("planned"), review };
  if (valuesMatch(doc, restoring)) return settle(runtime, request, found.version, original, await finish("already-compliant"), review);

  const lease = await ledger.fixes.takeLease(original.resourceId, `rollback:${action.id}`, now);
  if (!lease) throw new RollbackRefused("busy", `another run is writing ${original.resourceId} right now; try again shortly`);
  await ledger.fixes.noteIntents(lease, [action.id]);
  await runtime.recorder.recordAction(action);
  try {
    await writeInScope({ writer, clients, scope: scopeOf(runtime), targetId: original.resourceId, documentId: doc.id, changes: fix.changes, direction: "before" });
  } catch (error) {
    await finish("failed", { error: describe(error) });
    await ledger.fixes.releaseLease(original.resourceId);
    return { action, review };
  }
  let reread;
  try {
    reread = await readDoc();
  } catch (error) {
    await finish("not-confirmed", { error: `written, but the re-read failed: ${describe(error)}` });
    await ledger.fixes.releaseLease(original.resourceId);
    return { action, review };
  }
  const after = Object.fromEntries(restoring.map((c) => [c.path, (reread && valueAt(reread, c.path)) ?? null]));
  await finish(reread && valuesMatch(reread, restoring) ? "applied" : "not-confirmed", { after });
  const outcome = await settle(runtime, request, found.version, original, action, review);
  await ledger.fixes.releaseLease(original.resourceId);
  return outcome;
}

/**
 * After the before-state is back: links the original fix to its rollback, marks the exception
 * (with its expiry) so automatic fixing leaves the resource alone for that long, and records a
 * ticket saying who rolled back what and why, which opens or updates the finding's ticket.
 */
async function settle(runtime: GuardRuntime, request: RollbackRequest, version: string, original: ActionRecord, done: ActionRecord, review: RollbackOutcome["review"]): Promise<RollbackOutcome> {
  if (done.status !== "applied" && done.status !== "already-compliant") return { action: done, review };
  const ledger = runtime.ledger;
  const linked = { ...original, rolledBackBy: done.id };
  if (!(await ledger.actions.replace(linked, version))) {
    const latest = await ledger.actions.get(original.id);
    if (latest) await ledger.actions.replace({ ...latest.action, rolledBackBy: done.id }, latest.version);
  }
  const now = runtime.now();
  const days = Math.min(Math.max(Math.floor(request.exceptionDays ?? ROLLBACK_EXCEPTION_DAYS.default), 1), ROLLBACK_EXCEPTION_DAYS.max);
  const expires = new Date(now.getTime() + days * DAY_MS).toISOString();
  const exception: ExceptionMark = {
    kind: "rollback",
    reason: `${done.actor} rolled back action ${original.id} (rollback ${done.id}): ${done.reason ?? "no reason given"}`,
    since: now.toISOString(),
    expires,
    by: done.actor,
  };
  await ledger.fixes.updateControl(original.resourceId, original.controlId, (current) => withException(current, original.resourceId, original.controlId, exception));
  const ticket = ticketIntent(runtime, original.finding, done.correlationId, now, {
    actor: done.actor,
    reason: `rolled back by ${done.actor} (action ${done.id}): ${done.reason ?? "no reason given"}; automatic fixing is paused until ${expires} or until an Approver clears the exception`,
    exception,
  });
  await runtime.recorder.recordAction(ticket);
  runtime.logger.warn(`rollback ${done.id} of action ${original.id} on ${original.resourceId} by ${done.actor}: ${done.status}; exception until ${expires}`);
  return { action: done, review, exception, ticket };
}
