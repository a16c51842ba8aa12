import { randomUUID } from "node:crypto";
import type { FixToApply } from "../guards/index.ts";
import { evaluationTarget, writerFor, type EvaluationTarget, type GraphListing } from "../resources/index.ts";
import { isUnjudged } from "../controls/catalog/index.ts";
import { evaluateDocument } from "../engine/evaluate.ts";
import type { ActionRecord, ExceptionMark, RecordedFinding, Recorder } from "../store/types.ts";
import { applyGuarded, settleLeases } from "./guardedFix.ts";
import { attachKeys } from "./keyBindings.ts";
import { effectiveDryRun, type GuardRuntime } from "./runtime.ts";
import { ticketIntent } from "./tickets.ts";
import { type ArmDocument, resourceKey } from "../core/index.ts";

export interface ScanOutcome {
  findings: RecordedFinding[];
  actions: ActionRecord[];
}

/** A scan's outcome with what the sweep and manual requests need to know besides. */
export interface ScanResult extends ScanOutcome {
  /** Controls whose fix was decided on but not applied by this scan (plan-only, or another run is writing the resource). */
  due: string[];
}

export interface ScanOptions {
  dryRun?: boolean;
  correlationId?: string;
  /** The document a list call already returned, to save a GET. */
  listed?: ArmDocument;
  /**
   * The document Resource Graph listed (with the child setting it holds): judged and recorded
   * with `source: resource-graph` in its evidence, never fixed on (only a sweep's plan-only pass
   * uses it; a fix re-reads from ARM).
   */
  graph?: GraphListing;
  /** Where findings are recorded instead of the runtime's recorder (a sweep page records them in batches). */
  recorder?: Recorder;
  /** Who does the work: a queue message id, so that its redelivery settles what its last run left. */
  holder?: string;
  /** The event of our own write: evaluate, record and settle, never act on it again. */
  verifyOnly?: boolean;
  /** Evaluate and record tickets, but only count the fixes due (a sweep's first pass). */
  planOnly?: boolean;
  /** Only these controls (a person's remediation request). */
  controls?: readonly string[];
  /** A person asked: exception marks do not hold the fix back. */
  manual?: boolean;
}

const empty = (): ScanResult => ({ findings: [], actions: [], due: [] });

function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number })?.statusCode === 404;
}

/** Resolves which resource a changed id stands for; undefined when the service does not cover it. */
export function targetOf(runtime: GuardRuntime, resourceId: string): EvaluationTarget | undefined {
  return evaluationTarget(resourceId, runtime.resources);
}

/**
 * Re-reads one resource from ARM, evaluates it, and acts on what the policy decided behind the
 * guards: remediate (unless dry-run), record a ticket intent, or only record. Write leases an
 * interrupted run left on the resource are settled first.
 */
export async function scanTarget(runtime: GuardRuntime, target: EvaluationTarget, options: ScanOptions = {}): Promise<ScanOutcome> {
  const { findings, actions } = await runScan(runtime, target, options);
  return { findings, actions };
}

/** scanTarget, also telling which fixes were due but not applied. */
export async function runScan(runtime: GuardRuntime, target: EvaluationTarget, options: ScanOptions = {}): Promise<ScanResult> {
  const catalog = runtime.catalog;
  const now = runtime.now();
  const correlationId = options.correlationId ?? randomUUID();
  const holder = options.holder ?? randomUUID();
  const ledger = runtime.ledger;
  const clients = runtime.clients.forSubscription(target.id.subscriptionId);
  const dryRun = effectiveDryRun(runtime, options.dryRun);
  // The catalog picks some documents by name: an event for any other costs no read.
  if (!options.listed && !options.graph && isUnjudged(target.id, catalog)) return empty();
  let collected;
  try {
    collected = await attachKeys(runtime, await target.module.collect(clients, target.id, options.listed, options.graph));
  } catch (error) {
    // A resource deleted between the event and the read has nothing left to judge; its open
    // tickets close with that reason (a dry run files and closes nothing).
    if (isNotFound(error)) {
      if (!dryRun) await runtime.tickets?.resourceDeleted(target.id.id);
      return empty();
    }
    throw error;
  }
  const state = await ledger.fixes.ofTarget(target.id.id);
  for (const { row, reason } of state.refused) runtime.logger.error(`${target.id.id}: fix state row ${row} ignored: ${reason}`);
  const busy = await settleLeases(runtime, ledger, state, collected, holder, now);

  const outcome = empty();
  const exceptions = new Map<string, ExceptionMark>();
  for (const input of collected) {
    const fromGraph = input.source === "resource-graph";
    const evaluations = evaluateDocument(input, { policy: runtime.policy, catalog, now })
      .filter((e) => !options.controls || options.controls.includes(e.control.id))
      .map((e) => (fromGraph ? { ...e, finding: { ...e.finding, evidence: { ...e.finding.evidence, source: "resource-graph" as const } } } : e));
    outcome.findings.push(...evaluations.map((e) => e.finding));
    if (options.verifyOnly) continue;
    const fixes: FixToApply[] = [];
    for (const { finding, control, context, fix } of evaluations) {
      if (finding.decision === "none" || finding.decision === "audit") continue;
      if (fix) fixes.push({ fix, finding, control, context, plannedOn: input.source ?? "arm" });
      else outcome.actions.push(ticketIntent(runtime, finding, correlationId, now));
    }
    if (fixes.length === 0) continue;
    const writer = writerFor(input.doc.type, runtime.resources);
    // A target's documents differ by type (a server and its encryption protector).
    const readAgain = async () => (await attachKeys(runtime, await target.module.collect(clients, target.id))).find((c) => c.doc.type.toLowerCase() === input.doc.type.toLowerCase()) ?? input;
    if (!writer) {
      // A control can plan a fix for a type we cannot write yet: a person has to make it.
      outcome.actions.push(...fixes.map((f) => ticketIntent(runtime, f.finding, correlationId, now)));
      continue;
    }
    const result = await applyGuarded({
      runtime,
      clients,
      input,
      targetId: target.id.id,
      fixes,
      writer,
      state,
      busy: busy.has(resourceKey(input.doc.id)),
      holder,
      correlationId,
      now,
      dryRun,
      manual: options.manual ?? false,
      planOnly: options.planOnly ?? false,
      // Always ARM: this is the read a fix is planned on, whatever listed the document.
      recheck: async () => {
        const fresh = await readAgain();
        return evaluateDocument(fresh, { policy: runtime.policy, catalog, now }).flatMap(({ finding, control, context, fix }) =>
          fix && finding.decision === "remediate" ? [{ fix, finding, control, context, plannedOn: "arm" as const }] : [],
        );
      },
      reread: async () => (await readAgain()).doc,
    });
    outcome.actions.push(...result.actions);
    outcome.due.push(...result.due);
    for (const [controlId, mark] of result.exceptions) exceptions.set(`${resourceKey(input.doc.id)}|${controlId}`, mark);
    if (result.alert) await runtime.recorder.recordFindings([result.alert], now);
  }
  outcome.findings = outcome.findings.map((finding) => {
    const exception = exceptions.get(`${resourceKey(finding.resourceId)}|${finding.controlId}`);
    return exception ? { ...finding, decision: "ticket", reason: `remediation exception: ${exception.reason}`, exception } : finding;
  });
  const recorder = options.recorder ?? runtime.recorder;
  for (const action of outcome.actions) if (action.kind === "ticket") await recorder.recordAction(action);
  await recorder.recordFindings(outcome.findings, now);
  return outcome;
}

/** Scans the resource a (possibly child) id stands for; ids of uncovered types give nothing. */
export async function scanResource(runtime: GuardRuntime, resourceId: string, options: ScanOptions = {}): Promise<ScanOutcome> {
  const target = targetOf(runtime, resourceId);
  if (!target) return { findings: [], actions: [] };
  return scanTarget(runtime, target, options);
}
