import { randomUUID } from "node:crypto";
import { graphListing, graphQuery, type GraphListing, type ResourceModule } from "../resources/index.ts";
import { graphScopes } from "../azure/index.ts";
import { controlById, isUnjudged } from "../controls/catalog/index.ts";
import { ESTATE_SCOPE, guardAlert, SWEEP_SHARE_ALERT } from "../guards/alerts.ts";
import { sweepShareVerdict } from "../guards/sweepShare.ts";
import type { FixTarget } from "../store/sweeps.ts";
import type { ActionRecord, RecordedFinding, Recorder } from "../store/types.ts";
import type { GuardRuntime } from "./runtime.ts";
import { runScan, targetOf, type ScanResult } from "./scanResource.ts";
import { ticketIntent } from "./tickets.ts";
import { forEachConcurrently, parseResourceId, resourceKey, type ArmDocument } from "../core/index.ts";
import { checkParsedScope } from "../guards/scope.ts";
import { scopeOf, sweepSubscriptions } from "./scope.ts";

export interface SweepProgress {
  subscriptionId: string;
  resourceType: string;
  resourcesDone: number;
}

export interface SweepOptions {
  dryRun?: boolean;
  /** Resources evaluated at once; ARM's rate limits, not the CPU, are the bound. */
  concurrency?: number;
  /** Only these resource types (case-insensitive); all covered types when absent. */
  resourceTypes?: readonly string[];
  /** Overrides the runtime's sweep source. */
  source?: "graph" | "arm";
  onProgress?(progress: SweepProgress): void;
}

export interface SweepOutcome {
  findings: RecordedFinding[];
  actions: ActionRecord[];
  resources: number;
  errors: { resourceId: string; error: string }[];
  /** What the scopes left out: no finding, ticket or write, only this count. */
  skipped: SweepSkips;
  /** Set when the sweep stopped before fixing (the share cap): why. */
  held?: string;
}

/** A document a listing found: from an ARM list call, or from Resource Graph (with the child setting the graph holds). */
export interface ListedDocument {
  module: ResourceModule;
  arm?: ArmDocument;
  graph?: GraphListing;
}

/** Resources listed but outside the scopes, and subscriptions asked for but outside them. */
export interface SweepSkips {
  outOfScope: number;
  subscriptions: { subscriptionId: string; reason: string }[];
}

export interface ListingOutcome {
  resources: number;
  /** Listed, but outside the scopes: counted, never judged. */
  outOfScope: number;
  /** Findings and actions per resource, when asked to keep them (the in-process sweep reports them). */
  byResource: Map<string, ScanResult>;
  fixTargets: FixTarget[];
  errors: { resourceId: string; error: string }[];
}

/** Findings are written to the ledger this many at a time (Table transactions of up to 100 rows per partition). */
const RECORD_BATCH = 500;

/** Documents of one type through ARM list calls in one subscription, as a sweep assesses them. */
export async function* armListing(runtime: GuardRuntime, module: ResourceModule, subscriptionId: string): AsyncGenerator<ListedDocument> {
  for await (const doc of module.list(runtime.clients.forSubscription(subscriptionId))) yield { module, arm: doc };
}

/** One page of a Resource Graph query as the documents a sweep assesses. */
export function graphPageListing(module: ResourceModule, rows: readonly Record<string, unknown>[]): ListedDocument[] {
  return rows.flatMap((row) => {
    const graph = graphListing(module, row);
    return graph ? [{ module, graph }] : [];
  });
}

/**
 * A sweep's first pass over listed documents: evaluates each, records findings (in batches) and
 * tickets, and notes which resources have fixes due, a few resources at a time. Nothing is
 * written to ARM here: whether the fixes go ahead is decided for the whole sweep, and each fix is
 * planned again on an ARM read. Documents stream through: only what `keep` asks for is held.
 */
export async function assessDocuments(
  runtime: GuardRuntime,
  listed: AsyncIterable<ListedDocument> | Iterable<ListedDocument>,
  options: { concurrency?: number; dryRun?: boolean; correlationId: string; resourceGroup?: string; keep?: boolean; onResource?(done: number): void },
): Promise<ListingOutcome> {
  const outcome: ListingOutcome = { resources: 0, outOfScope: 0, byResource: new Map(), fixTargets: [], errors: [] };
  const pending: RecordedFinding[] = [];
  const flush = async () => {
    if (pending.length > 0) await runtime.recorder.recordFindings(pending.splice(0), runtime.now());
  };
  const batching: Recorder = {
    recordAction: (action) => runtime.recorder.recordAction(action),
    async recordFindings(findings) {
      pending.push(...findings);
      if (pending.length >= RECORD_BATCH) await flush();
    },
  };
  const scope = scopeOf(runtime);
  await forEachConcurrently(listed, options.concurrency ?? 8, async (item) => {
    const doc = item.graph?.doc ?? item.arm!;
    try {
      const id = parseResourceId(doc.id);
      if (options.resourceGroup && id.resourceGroup.toLowerCase() !== options.resourceGroup.toLowerCase()) return;
      if (!checkParsedScope(scope, id).ok) {
        outcome.outOfScope += 1;
        return;
      }
      if (isUnjudged(doc, runtime.catalog)) return;
      const result = await runScan(
        runtime,
        { module: item.module, id },
        {
          ...(item.graph ? { graph: item.graph } : { listed: doc }),
          planOnly: true,
          recorder: batching,
          correlationId: options.correlationId,
          ...(options.dryRun ? { dryRun: true } : {}),
        },
      );
      if (options.keep) outcome.byResource.set(resourceKey(doc.id), result);
      if (result.due.length > 0) outcome.fixTargets.push({ resourceId: doc.id, controls: result.due });
    } catch (error) {
      outcome.errors.push({ resourceId: doc.id, error: error instanceof Error ? error.message : String(error) });
    }
    outcome.resources += 1;
    options.onResource?.(outcome.resources);
  });
  await flush();
  if (outcome.outOfScope > 0) runtime.logger.info(`sweep: ${outcome.outOfScope} listed resources outside the scopes, skipped`);
  return outcome;
}

/**
 * Asks instead of fixing: records the `guard.sweep-share` alert finding and one ticket for it,
 * naming how many fixes of which controls were held back.
 */
export async function holdSweep(runtime: GuardRuntime, held: { scope: string; resources: number; dueByControl: Record<string, number>; reason: string; correlationId: string }): Promise<ActionRecord> {
  const now = runtime.now();
  const [topControl] = Object.entries(held.dueByControl).sort((a, b) => b[1] - a[1])[0] ?? [];
  const toFix = Object.values(held.dueByControl).reduce((a, b) => a + b, 0);
  const alert = guardAlert({
    controlId: SWEEP_SHARE_ALERT,
    scope: held.scope,
    title: "A sweep stopped before fixing more than the allowed share of the estate",
    evidence: {
      path: "limits.maxSweepFixShare",
      actual: { resources: held.resources, fixesDue: toFix, byControl: held.dueByControl },
      expected: `fixes in at most ${runtime.policy.limits.maxSweepFixShare * 100}% of the resources a sweep evaluates`,
    },
    reason: held.reason,
    // The alert is about the fixes held back; it takes the stage of the control most of them were for.
    stage: (topControl ? controlById(topControl)?.stage : undefined) ?? "at-rest",
  });
  const ticket = ticketIntent(runtime, alert, held.correlationId, now, { reason: held.reason });
  await runtime.recorder.recordFindings([alert], now);
  await runtime.recorder.recordAction(ticket);
  runtime.logger.warn(`sweep held: ${held.reason}`);
  return ticket;
}

/** Fixes due per control id over a sweep's fix targets. */
export function dueByControl(targets: readonly FixTarget[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const target of targets) for (const control of target.controls) counts[control] = (counts[control] ?? 0) + 1;
  return counts;
}

/**
 * Sweeps the subscriptions in this process (the CLI, the deprecated POST /api/scan): a first pass
 * evaluates every covered resource and finds which need fixes; if that share of the estate is
 * within `limits.maxSweepFixShare`, a second pass re-reads and fixes those, each behind the
 * guards; otherwise nothing is fixed and the sweep asks through a ticket.
 */
export async function sweep(runtime: GuardRuntime, subscriptionIds: readonly string[], options: SweepOptions = {}): Promise<SweepOutcome> {
  const correlationId = randomUUID();
  const wanted = options.resourceTypes?.map((t) => t.toLowerCase());
  const modules = runtime.resources.filter((m) => !wanted || wanted.includes(m.type.toLowerCase()));
  const source = options.source ?? runtime.sweepSource;
  const byResource = new Map<string, ScanResult>();
  const fixTargets: FixTarget[] = [];
  const subscriptions = sweepSubscriptions(runtime, subscriptionIds);
  const outcome: SweepOutcome = { findings: [], actions: [], resources: 0, errors: [], skipped: { outOfScope: 0, subscriptions: subscriptions.skipped } };
  for (const { subscriptionId, reason } of subscriptions.skipped) runtime.logger.warn(`sweep: subscription ${subscriptionId} skipped: ${reason}`);
  const assess = async (listed: AsyncIterable<ListedDocument> | Iterable<ListedDocument>, progress: Omit<SweepProgress, "resourcesDone">) => {
    const before = outcome.resources;
    const assessed = await assessDocuments(runtime, listed, {
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(options.dryRun ? { dryRun: true } : {}),
      correlationId,
      keep: true,
      onResource: (done) => options.onProgress?.({ ...progress, resourcesDone: before + done }),
    });
    outcome.resources += assessed.resources;
    outcome.skipped.outOfScope += assessed.outOfScope;
    outcome.errors.push(...assessed.errors);
    fixTargets.push(...assessed.fixTargets);
    for (const [key, result] of assessed.byResource) byResource.set(key, result);
  };

  for (const module of modules) {
    if (source === "graph" && module.graph) {
      const query = graphQuery(module);
      for (const scope of graphScopes(subscriptions.inScope, [])) {
        for await (const page of runtime.clients.graph.pages(query, scope))
          await assess(graphPageListing(module, page.rows), { subscriptionId: scope.subscriptions?.join(",") ?? "", resourceType: module.type });
      }
      continue;
    }
    for (const subscriptionId of subscriptions.inScope) await assess(armListing(runtime, module, subscriptionId), { subscriptionId, resourceType: module.type });
  }

  const verdict = sweepShareVerdict(outcome.resources, fixTargets.length, runtime.policy.limits);
  if (!verdict.ok) {
    const scope = subscriptions.inScope.length === 1 ? `/subscriptions/${subscriptions.inScope[0]}` : ESTATE_SCOPE;
    outcome.actions.push(await holdSweep(runtime, { scope, resources: outcome.resources, dueByControl: dueByControl(fixTargets), reason: verdict.reason, correlationId }));
    outcome.held = verdict.reason;
  } else {
    await fixAll(runtime, fixTargets, byResource, outcome, { ...options, correlationId });
  }
  for (const result of byResource.values()) {
    outcome.findings.push(...result.findings);
    outcome.actions.push(...result.actions);
  }
  return outcome;
}

/** The second pass: each resource with fixes due is read again and fixed behind the guards; its findings replace the first pass's. */
async function fixAll(
  runtime: GuardRuntime,
  targets: readonly FixTarget[],
  byResource: Map<string, ScanResult>,
  outcome: SweepOutcome,
  options: SweepOptions & { correlationId: string },
): Promise<void> {
  await forEachConcurrently(targets, options.concurrency ?? 8, async ({ resourceId, controls }) => {
    const target = targetOf(runtime, resourceId);
    if (!target) return;
    try {
      // Only the controls found due: the first pass recorded the rest, tickets included.
      const fixed = await runScan(runtime, target, { controls, correlationId: options.correlationId, ...(options.dryRun ? { dryRun: true } : {}) });
      const first = byResource.get(resourceKey(resourceId));
      const again = new Set(fixed.findings.map((f) => `${resourceKey(f.resourceId)}|${f.controlId}`));
      byResource.set(resourceKey(resourceId), {
        findings: [...(first?.findings ?? []).filter((f) => !again.has(`${resourceKey(f.resourceId)}|${f.controlId}`)), ...fixed.findings],
        actions: [...(first?.actions ?? []), ...fixed.actions],
        due: fixed.due,
      });
    } catch (error) {
      outcome.errors.push({ resourceId, error: error instanceof Error ? error.message : String(error) });
    }
  });
}
