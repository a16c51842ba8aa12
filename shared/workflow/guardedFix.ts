import { isDeepStrictEqual } from "node:util";
import { remediate } from "../actions/remediate.ts";
import type { SubscriptionClients } from "../azure/index.ts";
import { controlById } from "../controls/catalog/index.ts";
import { valueAt } from "../controls/evidence.ts";
import { resourceKey, type ArmDocument, type PropertyChange } from "../core/index.ts";
import { afterFix } from "../guards/drift.ts";
import { FIX_GUARDS, runFixGuards, writeFixes, type FixPass, type FixToApply, type GuardedFixResult } from "../guards/index.ts";
import type { CollectedDocument, DocumentWriter } from "../resources/index.ts";
import type { TargetFixState } from "../store/fixes.ts";
import type { Policy } from "../config/policy.ts";
import { evaluationContext } from "../engine/params.ts";
import { WORK_LEASE_MS, type Ledger } from "../store/ledger.ts";
import { LedgerIntegrityError } from "../store/seal.ts";
import type { ActionRecord } from "../store/types.ts";
import type { GuardRuntime } from "./runtime.ts";
import { scopeOf } from "./scope.ts";
import { ticketIntent } from "./tickets.ts";

export interface GuardedFixRequest {
  runtime: GuardRuntime;
  clients: SubscriptionClients;
  input: CollectedDocument;
  /** The resource the scan is for; each write is checked against it and the scope. */
  targetId: string;
  fixes: readonly FixToApply[];
  writer: DocumentWriter;
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

/** Applies one document's fixes behind the guards (FIX_GUARDS, in their declared order), then remediate writes what passed. */
export async function applyGuarded(request: GuardedFixRequest): Promise<GuardedFixResult> {
  const { runtime, now } = request;
  const result: GuardedFixResult = { actions: [], due: [], exceptions: new Map() };
  const pass: FixPass = {
    docId: request.input.doc.id,
    subscriptionId: request.clients.subscriptionId,
    ledger: runtime.ledger,
    limits: runtime.policy.limits,
    logger: runtime.logger,
    state: request.state,
    busy: request.busy,
    holder: request.holder,
    now,
    dryRun: request.dryRun,
    manual: request.manual,
    planOnly: request.planOnly,
    fixes: [...request.fixes],
    recorder: runtime.recorder,
    result,
    ticket: (f, extra) => result.actions.push(ticketIntent(runtime, f.finding, request.correlationId, now, { fix: f.fix, ...extra })),
    recheck: request.recheck,
    apply: (fixes, recorder) =>
      remediate({
        fixes,
        writer: request.writer,
        clients: request.clients,
        scope: scopeOf(runtime),
        targetId: request.targetId,
        recorder,
        actor: runtime.actor,
        correlationId: request.correlationId,
        dryRun: request.dryRun,
        reread: request.reread,
      }),
  };
  await runFixGuards(FIX_GUARDS, pass, writeFixes);
  return result;
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
      const found = await ledger.actions.get(actionId).catch((error: unknown) => {
        // A lease names its intents; one that fails its integrity check is not settled from.
        if (!(error instanceof LedgerIntegrityError)) throw error;
        runtime.logger.error(`${lease.resourceId}: ${error.message}`);
        return undefined;
      });
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
