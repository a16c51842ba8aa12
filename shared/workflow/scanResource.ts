import { randomUUID } from "node:crypto";
import { remediate, type FixToApply } from "../actions/remediate.ts";
import { ADAPTERS, evaluationTarget, writerFor, type EvaluationTarget } from "../azure/adapters/index.ts";
import { CATALOG } from "../controls/catalog/index.ts";
import type { ArmDocument, Finding } from "../controls/types.ts";
import { evaluateDocument } from "../engine/evaluate.ts";
import type { ActionRecord } from "../store/types.ts";
import type { GuardRuntime } from "./runtime.ts";

export interface ScanOutcome {
  findings: Finding[];
  actions: ActionRecord[];
}

export interface ScanOptions {
  dryRun?: boolean;
  correlationId?: string;
  /** The document a list call already returned, to save a GET. */
  listed?: ArmDocument;
}

function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number })?.statusCode === 404;
}

/** Resolves which resource a changed id stands for; undefined when the service does not cover it. */
export function targetOf(runtime: GuardRuntime, resourceId: string): EvaluationTarget | undefined {
  return evaluationTarget(resourceId, runtime.adapters ?? ADAPTERS);
}

/**
 * Re-reads one resource from ARM, evaluates it, and acts on what the policy decided:
 * remediate (unless dry-run), record a ticket intent, or only record.
 */
export async function scanTarget(runtime: GuardRuntime, target: EvaluationTarget, options: ScanOptions = {}): Promise<ScanOutcome> {
  const catalog = runtime.catalog ?? CATALOG;
  const now = runtime.now?.() ?? new Date();
  const correlationId = options.correlationId ?? randomUUID();
  const clients = runtime.clients.forSubscription(target.id.subscriptionId);
  let collected;
  try {
    collected = await target.adapter.collect(clients, target.id, options.listed);
  } catch (error) {
    // A resource deleted between the event and the read has nothing left to judge.
    if (isNotFound(error)) return { findings: [], actions: [] };
    throw error;
  }

  const outcome: ScanOutcome = { findings: [], actions: [] };
  for (const input of collected) {
    const fixes: FixToApply[] = [];
    for (const { finding, control, fix } of evaluateDocument(input, { policy: runtime.policy, catalog, now })) {
      outcome.findings.push(finding);
      if (finding.decision === "none" || finding.decision === "audit") continue;
      if (fix) fixes.push({ fix, finding, control });
      else outcome.actions.push(ticketIntent(runtime, finding, correlationId, now));
    }
    if (fixes.length === 0) continue;
    const writer = writerFor(input.doc.type, runtime.adapters ?? ADAPTERS);
    if (!writer) {
      // A control can plan a fix for a type we cannot write yet: a person has to make it.
      outcome.actions.push(...fixes.map((f) => ticketIntent(runtime, f.finding, correlationId, now)));
      continue;
    }
    const actions = await remediate({
      fixes,
      writer,
      clients,
      recorder: runtime.recorder,
      actor: runtime.actor,
      correlationId,
      dryRun: options.dryRun ?? runtime.dryRun ?? false,
      reread: async () => {
        const again = await target.adapter.collect(clients, target.id);
        // A target's documents differ by type (a server and its encryption protector).
        return again.find((c) => c.doc.type.toLowerCase() === input.doc.type.toLowerCase())?.doc ?? input.doc;
      },
    });
    outcome.actions.push(...actions);
  }
  for (const action of outcome.actions) if (action.kind === "ticket") await runtime.recorder.recordAction(action);
  await runtime.recorder.recordFindings(outcome.findings, now);
  return outcome;
}

function ticketIntent(runtime: GuardRuntime, finding: Finding, correlationId: string, now: Date): ActionRecord {
  return {
    id: randomUUID(),
    kind: "ticket",
    status: "pending",
    resourceId: finding.resourceId,
    controlId: finding.controlId,
    actor: runtime.actor,
    correlationId,
    startedAt: now.toISOString(),
    finding,
  };
}

/** Scans the resource a (possibly child) id stands for; ids of uncovered types give nothing. */
export async function scanResource(runtime: GuardRuntime, resourceId: string, options: ScanOptions = {}): Promise<ScanOutcome> {
  const target = targetOf(runtime, resourceId);
  if (!target) return { findings: [], actions: [] };
  return scanTarget(runtime, target, options);
}
