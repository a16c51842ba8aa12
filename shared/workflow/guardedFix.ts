import { isDeepStrictEqual } from "node:util";
import { remediate, type FixToApply } from "../actions/remediate.ts";
import type { CollectedDocument, FixWriter } from "../azure/adapters/index.ts";
import type { SubscriptionClients } from "../azure/clients.ts";
import { valueAt } from "../controls/evidence.ts";
import { controlById } from "../controls/catalog/index.ts";
import type { Policy } from "../config/policy.ts";
import { evaluationContext } from "../engine/params.ts";
import type { Finding } from "../controls/types.ts";
import { BlastRadiusBreaker } from "../guards/breaker.ts";
import { afterFix, driftException, withException } from "../guards/drift.ts";
import type { FixStateStore, TargetFixState, WriteLease } from "../store/fixes.ts";
import { WORK_LEASE_MS, type Ledger } from "../store/ledger.ts";
import type { ActionRecord, ExceptionMark, Recorder } from "../store/types.ts";
import type { GuardRuntime } from "./runtime.ts";
import { ticketIntent } from "./tickets.ts";
import { type ArmDocument, type PropertyChange, resourceKey } from "../core/index.ts";

export interface GuardedFixRequest {
  runtime: GuardRuntime;
  ledger: Ledger;
  clients: SubscriptionClients;
  input: CollectedDocument;
  fixes: readonly FixToApply[];
  writer: FixWriter;
  state: TargetFixState;
  /** Another live run holds this document's write lease. */
  busy: boolean;
  holder: string;
  correlationId: string;
  now: Date;
  dryRun: boolean;
  /** A person asked for this fix: exception marks do not hold it back. */
  manual: boolean;
  /** Report what is due, apply nothing (a sweep's first pass). */
  planOnly: boolean;
  /** Reads the document again and plans its fixes anew: the desired-state check made under the lease. */
  recheck(): Promise<FixToApply[]>;
  reread(): Promise<CollectedDocument["doc"]>;
}

export interface GuardedFixResult {
  actions: ActionRecord[];
  /** Controls whose fix was decided on but not applied: plan-only, or another run is writing. */
  due: string[];
  /** Exception marks by control id, for the findings. */
  exceptions: Map<string, ExceptionMark>;
  /** An alert to record (the breaker opened). */
  alert?: Finding;
}

const needsWrite = (f: FixToApply) => !f.fix.changes.every((c) => isDeepStrictEqual(c.before, c.after));

/**
 * Applies one document's fixes behind the guards, in this order: exception marks and the drift
 * limit turn fixes into tickets; a dry run or nothing to change goes straight to remediate; a
 * document another run is writing is left to it; then the write lease is taken (so concurrent
 * workers cannot both write) and the document is read again under it (a run that held the lease
 * a moment ago may have fixed it: nothing left to do then), the blast-radius breaker is asked,
 * and remediate records intent, writes, re-reads and records the outcome. Applied fixes count
 * toward the drift limit. The read under the lease costs one GET per fix, not per resource.
 */
export async function applyGuarded(request: GuardedFixRequest): Promise<GuardedFixResult> {
  const { runtime, ledger, input, now } = request;
  const limits = runtime.policy.limits;
  const docId = input.doc.id;
  const result: GuardedFixResult = { actions: [], due: [], exceptions: new Map() };
  const ticket = (f: FixToApply, extra: Partial<ActionRecord>) => result.actions.push(ticketIntent(runtime, f.finding, request.correlationId, now, { fix: f.fix, ...extra }));

  const allowed: FixToApply[] = [];
  for (const f of request.fixes) {
    const state = request.state.controls.find((c) => c.controlId === f.control.id && resourceKey(c.resourceId) === resourceKey(docId));
    const mark = request.manual ? undefined : (state?.exception ?? driftException(state, limits, now));
    if (!mark) {
      allowed.push(f);
      continue;
    }
    if (!state?.exception && !request.dryRun) await ledger.fixes.updateControl(docId, f.control.id, (current) => withException(current, docId, f.control.id, mark));
    result.exceptions.set(f.control.id, mark);
    ticket(f, { reason: `remediation exception: ${mark.reason}`, exception: mark });
  }
  const needed = allowed.filter(needsWrite);
  if (request.planOnly) {
    result.due = needed.map((f) => f.control.id);
    return result;
  }
  if (allowed.length === 0) return result;
  const apply = (fixes: readonly FixToApply[], recorder: Recorder) =>
    remediate({
      fixes,
      writer: request.writer,
      clients: request.clients,
      recorder,
      actor: runtime.actor,
      correlationId: request.correlationId,
      dryRun: request.dryRun,
      reread: request.reread,
    });
  if (request.dryRun || needed.length === 0) {
    result.actions.push(...(await apply(allowed, runtime.recorder)));
    return result;
  }
  const lease = request.busy ? undefined : await ledger.fixes.takeLease(docId, request.holder, now);
  if (!lease) {
    runtime.logger.info(`${docId}: another run is writing it; leaving the fix to that run`);
    result.due = needed.map((f) => f.control.id);
    return result;
  }
  // The document was read before the lease was ours: another run may have fixed it since.
  const wanted = new Set(allowed.map((f) => f.control.id));
  const fresh = (await request.recheck()).filter((f) => wanted.has(f.control.id));
  const freshNeeded = fresh.filter(needsWrite);
  if (freshNeeded.length === 0) {
    await ledger.fixes.releaseLease(docId);
    return result;
  }
  const breaker = new BlastRadiusBreaker(ledger.counters, limits);
  const verdict = await breaker.reserve(request.clients.subscriptionId, freshNeeded.length, freshNeeded[0]!.control.stage, now);
  if (!verdict.ok) {
    await ledger.fixes.releaseLease(docId);
    for (const f of fresh) ticket(f, { reason: verdict.reason });
    if (verdict.alert) result.alert = verdict.alert;
    return result;
  }
  const actions = await apply(fresh, leaseRecorder(runtime.recorder, ledger.fixes, lease));
  for (const action of actions.filter((a) => a.status === "applied")) {
    await ledger.fixes.updateControl(docId, action.controlId, (current) => afterFix(current, docId, action.controlId, now));
  }
  await ledger.fixes.releaseLease(docId);
  result.actions.push(...actions);
  return result;
}

/** Notes each intent in the lease before recording it, so whoever finds the lease later knows what was attempted. */
function leaseRecorder(recorder: Recorder, fixes: FixStateStore, lease: WriteLease): Recorder {
  return {
    recordFindings: (findings, at) => recorder.recordFindings(findings, at),
    async recordAction(action) {
      if (action.status === "intent") await fixes.noteIntents(lease, [action.id]);
      await recorder.recordAction(action);
    },
  };
}

/** Every changed property holds the value the change set. */
export function valuesMatch(doc: ArmDocument, changes: readonly PropertyChange[]): boolean {
  return changes.every((c) => isDeepStrictEqual(valueAt(doc, c.path) ?? null, c.after ?? null));
}

/** Whether an interrupted action's write shows on the document: a fix by its control's verdict, a rollback by its values. */
function tookEffect(action: ActionRecord, doc: ArmDocument, policy: Policy): boolean {
  if (action.kind === "rollback") return valuesMatch(doc, action.fix?.changes ?? []);
  const control = controlById(action.controlId);
  return !!control && control.evaluate(doc, evaluationContext(control, action.finding.classification, policy)).status === "compliant";
}

/**
 * Settles the write leases a scan finds on its resource. A lease still there belongs to a run
 * that stopped between its write and its outcome (killed, timed out), or to one in progress.
 * Ours (the same queue message, redelivered) or expired ones are settled now: each intent is
 * judged on the document just read (a fix took effect when its control finds it compliant, a
 * rollback when the values are back: recorded as applied, otherwise as failed) and the lease
 * released, with no second write. Returns the documents that a live run is still writing.
 */
export async function settleLeases(runtime: GuardRuntime, ledger: Ledger, state: TargetFixState, collected: readonly CollectedDocument[], holder: string, now: Date): Promise<Set<string>> {
  const busy = new Set<string>();
  for (const lease of state.leases) {
    const expired = now.getTime() - Date.parse(lease.since) >= WORK_LEASE_MS;
    if (lease.holder !== holder && !expired) {
      busy.add(resourceKey(lease.resourceId));
      continue;
    }
    for (const actionId of lease.actionIds) {
      const found = await ledger.actions.get(actionId);
      if (!found || found.action.status !== "intent") continue;
      const action = found.action;
      const doc = collected.find((c) => resourceKey(c.doc.id) === resourceKey(action.resourceId))?.doc;
      if (!doc) continue;
      const compliant = tookEffect(action, doc, runtime.policy);
      const settled: ActionRecord = compliant
        ? { ...action, status: "applied", after: Object.fromEntries((action.fix?.changes ?? []).map((c) => [c.path, valueAt(doc, c.path) ?? null])) }
        : { ...action, status: "failed", error: "the run that held the write lease stopped before recording an outcome, and the resource does not show the change: the write did not take effect" };
      settled.finishedAt = now.toISOString();
      settled.reconciledAt = now.toISOString();
      await runtime.recorder.recordAction(settled);
      if (compliant && action.kind === "remediation") await ledger.fixes.updateControl(action.resourceId, action.controlId, (current) => afterFix(current, action.resourceId, action.controlId, now));
      runtime.logger.warn(`${action.resourceId} ${action.controlId}: settled action ${action.id} left by an interrupted run as ${settled.status}`);
    }
    await ledger.fixes.releaseLease(lease.resourceId);
  }
  return busy;
}
