import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { describe } from "../actions/remediate.ts";
import { writerFor } from "../resources/index.ts";
import { valueAt } from "../controls/evidence.ts";
import { withException } from "../guards/drift.ts";
import type { ActionRecord } from "../store/types.ts";
import { valuesMatch } from "./guardedFix.ts";
import type { GuardRuntime } from "./runtime.ts";
import { targetOf } from "./scanResource.ts";
import { parseResourceId, resourceKey } from "../core/index.ts";

/**
 * - not-found: no such action
 * - not-reversible: not a confirmed fix, irreversible, or rolled back already
 * - changed-since: the resource no longer holds what the fix wrote (someone changed it since),
 *   so writing the before-state would overwrite their change
 * - busy: another run is writing the resource right now
 */
export type RollbackRefusal = "not-found" | "not-reversible" | "changed-since" | "busy";

export class RollbackRefused extends Error {
  readonly refusal: RollbackRefusal;
  constructor(refusal: RollbackRefusal, message: string) {
    super(message);
    this.name = "RollbackRefused";
    this.refusal = refusal;
  }
}

export interface RollbackRequest {
  actionId: string;
  /** Who asked: recorded on the rollback action. */
  actor: string;
  dryRun?: boolean;
}

const show = (value: unknown) => JSON.stringify(value ?? null);

/**
 * Restores the recorded before-state of a confirmed, reversible fix, as its own action (kind
 * rollback) with the same intent / write / re-read / outcome steps. The fix's resource and
 * control get an exception mark, so automatic fixing does not undo the rollback; the
 * original action records which rollback undid it.
 */
export async function rollback(runtime: GuardRuntime, request: RollbackRequest): Promise<ActionRecord> {
  const ledger = runtime.ledger;
  const found = await ledger.actions.get(request.actionId);
  if (!found) throw new RollbackRefused("not-found", `no action ${request.actionId}`);
  const original = found.action;
  const refuse = (message: string): never => {
    throw new RollbackRefused("not-reversible", `action ${original.id} cannot be rolled back: ${message}`);
  };
  if (original.kind !== "remediation") refuse(`it is a ${original.kind}, and only fixes are rolled back`);
  if (original.status !== "applied") refuse(`it ended ${original.status}, so there is no confirmed change to undo`);
  if (original.rolledBackBy) refuse(`action ${original.rolledBackBy} rolled it back already`);
  const fix = original.fix;
  if (!fix || fix.changes.length === 0) return refuse("it recorded no property changes");
  if (fix.safety === "irreversible") refuse("the fix is irreversible (ARM cannot turn it off again)");
  const target = targetOf(runtime, original.resourceId);
  const writer = writerFor(fix.resourceType, runtime.resources);
  if (!target || !writer) return refuse(`resource type ${fix.resourceType} is not one this service writes`);

  const now = runtime.now();
  const clients = runtime.clients.forSubscription(target.id.subscriptionId);
  const readDoc = async () => (await target.module.collect(clients, target.id)).find((c) => resourceKey(c.doc.id) === resourceKey(original.resourceId))?.doc;
  const doc = await readDoc().catch((error: unknown) => {
    if ((error as { statusCode?: number }).statusCode === 404) throw new RollbackRefused("changed-since", `resource ${original.resourceId} no longer exists`);
    throw error;
  });
  if (!doc) throw new RollbackRefused("changed-since", `resource ${original.resourceId} no longer has the document the fix changed`);
  const moved = fix.changes.find((c) => !isDeepStrictEqual(valueAt(doc, c.path) ?? null, c.after ?? null) && !isDeepStrictEqual(valueAt(doc, c.path) ?? null, c.before ?? null));
  if (moved) {
    throw new RollbackRefused(
      "changed-since",
      `${moved.path} is now ${show(valueAt(doc, moved.path))}, neither what the fix wrote (${show(moved.after)}) nor the before-state (${show(moved.before)}): someone changed it since, and a rollback would overwrite that`,
    );
  }

  const restoring = fix.changes.map((c) => ({ path: c.path, before: c.after, after: c.before }));
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
  };
  const finish = async (status: ActionRecord["status"], extra: Partial<ActionRecord> = {}) => {
    Object.assign(action, { status, finishedAt: runtime.now().toISOString(), ...extra });
    await runtime.recorder.recordAction(action);
    return action;
  };
  if (valuesMatch(doc, restoring)) return markDone(runtime, found.version, original, await finish("already-compliant"));
  if (request.dryRun) return finish("planned");

  const lease = await ledger.fixes.takeLease(original.resourceId, `rollback:${action.id}`, now);
  if (!lease) throw new RollbackRefused("busy", `another run is writing ${original.resourceId} right now; try again shortly`);
  await ledger.fixes.noteIntents(lease, [action.id]);
  await runtime.recorder.recordAction(action);
  try {
    await writer.apply(clients, parseResourceId(original.resourceId), fix.changes, "before");
  } catch (error) {
    await finish("failed", { error: describe(error) });
    await ledger.fixes.releaseLease(original.resourceId);
    return action;
  }
  let reread;
  try {
    reread = await readDoc();
  } catch (error) {
    await finish("not-confirmed", { error: `written, but the re-read failed: ${describe(error)}` });
    await ledger.fixes.releaseLease(original.resourceId);
    return action;
  }
  const after = Object.fromEntries(restoring.map((c) => [c.path, (reread && valueAt(reread, c.path)) ?? null]));
  await finish(reread && valuesMatch(reread, restoring) ? "applied" : "not-confirmed", { after });
  await markDone(runtime, found.version, original, action);
  await ledger.fixes.releaseLease(original.resourceId);
  return action;
}

/** Links the original fix to its rollback and marks the exception, so automatic fixing leaves the resource alone. */
async function markDone(runtime: GuardRuntime, version: string, original: ActionRecord, done: ActionRecord): Promise<ActionRecord> {
  if (done.status !== "applied" && done.status !== "already-compliant") return done;
  const ledger = runtime.ledger;
  const linked = { ...original, rolledBackBy: done.id };
  if (!(await ledger.actions.replace(linked, version))) {
    const latest = await ledger.actions.get(original.id);
    if (latest) await ledger.actions.replace({ ...latest.action, rolledBackBy: done.id }, latest.version);
  }
  const mark = { kind: "rollback" as const, reason: `${done.actor} rolled back action ${original.id} (rollback ${done.id})`, since: runtime.now().toISOString() };
  await ledger.fixes.updateControl(original.resourceId, original.controlId, (current) => withException(current, original.resourceId, original.controlId, mark));
  return done;
}
