import { randomUUID } from "node:crypto";
import type { ResourceModule } from "../resources/index.ts";
import { controlById, isUnjudged } from "../controls/catalog/index.ts";
import { ESTATE_SCOPE, guardAlert, SWEEP_SHARE_ALERT } from "../guards/alerts.ts";
import { sweepShareVerdict } from "../guards/sweepShare.ts";
import type { FixTarget } from "../store/sweeps.ts";
import type { ActionRecord, RecordedFinding } from "../store/types.ts";
import type { GuardRuntime } from "./runtime.ts";
import { runScan, targetOf, type ScanResult } from "./scanResource.ts";
import { ticketIntent } from "./tickets.ts";
import { forEachConcurrently, parseResourceId, resourceKey } from "../core/index.ts";
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

/** One listing a sweep works through: a resource type in a subscription, maybe one resource group. */
export interface Listing {
  subscriptionId: string;
  module: ResourceModule;
  resourceGroup?: string;
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
  /** Findings and actions per resource, in listing order. */
  byResource: Map<string, ScanResult>;
  fixTargets: FixTarget[];
  errors: { resourceId: string; error: string }[];
}

/**
 * A sweep's first pass over one listing: pages through it, evaluates each resource, records
 * findings and tickets, and notes which resources have fixes due, a few resources at a time.
 * Nothing is written to ARM here: whether the fixes go ahead is decided for the whole sweep.
 */
export async function assessListing(
  runtime: GuardRuntime,
  listing: Listing,
  options: { concurrency?: number; dryRun?: boolean; correlationId: string; onResource?(done: number): void },
): Promise<ListingOutcome> {
  const outcome: ListingOutcome = { resources: 0, outOfScope: 0, byResource: new Map(), fixTargets: [], errors: [] };
  const clients = runtime.clients.forSubscription(listing.subscriptionId);
  const scope = scopeOf(runtime);
  await forEachConcurrently(listing.module.list(clients), options.concurrency ?? 8, async (listed) => {
    try {
      const id = parseResourceId(listed.id);
      if (listing.resourceGroup && id.resourceGroup.toLowerCase() !== listing.resourceGroup.toLowerCase()) return;
      if (!checkParsedScope(scope, id).ok) {
        outcome.outOfScope += 1;
        return;
      }
      if (isUnjudged(listed, runtime.catalog)) return;
      const result = await runScan(runtime, { module: listing.module, id }, { listed, planOnly: true, correlationId: options.correlationId, ...(options.dryRun ? { dryRun: true } : {}) });
      outcome.byResource.set(resourceKey(listed.id), result);
      if (result.due.length > 0) outcome.fixTargets.push({ resourceId: listed.id, controls: result.due });
    } catch (error) {
      outcome.errors.push({ resourceId: listed.id, error: error instanceof Error ? error.message : String(error) });
    }
    outcome.resources += 1;
    options.onResource?.(outcome.resources);
  });
  if (outcome.outOfScope > 0) {
    const where = `${listing.module.type} in /subscriptions/${listing.subscriptionId}${listing.resourceGroup ? `/resourceGroups/${listing.resourceGroup}` : ""}`;
    runtime.logger.info(`sweep: ${outcome.outOfScope} ${where} outside the scopes, skipped`);
  }
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
  const byResource = new Map<string, ScanResult>();
  const fixTargets: FixTarget[] = [];
  const subscriptions = sweepSubscriptions(runtime, subscriptionIds);
  const outcome: SweepOutcome = { findings: [], actions: [], resources: 0, errors: [], skipped: { outOfScope: 0, subscriptions: subscriptions.skipped } };
  for (const { subscriptionId, reason } of subscriptions.skipped) runtime.logger.warn(`sweep: subscription ${subscriptionId} skipped: ${reason}`);

  for (const subscriptionId of subscriptions.inScope) {
    for (const module of modules) {
      const before = outcome.resources;
      const listed = await assessListing(
        runtime,
        { subscriptionId, module },
        {
          ...(options.concurrency ? { concurrency: options.concurrency } : {}),
          ...(options.dryRun ? { dryRun: true } : {}),
          correlationId,
          onResource: (done) => options.onProgress?.({ subscriptionId, resourceType: module.type, resourcesDone: before + done }),
        },
      );
      outcome.resources += listed.resources;
      outcome.skipped.outOfScope += listed.outOfScope;
      outcome.errors.push(...listed.errors);
      fixTargets.push(...listed.fixTargets);
      for (const [key, result] of listed.byResource) byResource.set(key, result);
    }
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
