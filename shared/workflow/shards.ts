import { randomUUID } from "node:crypto";
import { moduleForType } from "../resources/index.ts";
import { ESTATE_SCOPE } from "../guards/alerts.ts";
import { sweepShareVerdict } from "../guards/sweepShare.ts";
import type { ResourceWorkItem, ShardWorkItem, WorkItem } from "../queue/workItem.ts";
import type { QueuedRuntime } from "./runtime.ts";
import { assessListing, holdSweep } from "./sweep.ts";
import { resourceKey } from "../core/index.ts";
import { scopeCheck, sweepSubscriptions } from "./scope.ts";

/**
 * Flagged resources one sweep queues again, at most: a request that starts a sweep queues a
 * bounded number of items; the rest stay flagged for the next sweep.
 */
export const MAX_FLAGGED_PER_SWEEP = 500;

export interface SweepScope {
  subscriptionIds: readonly string[];
  /** Only this resource group (one subscription). */
  resourceGroup?: string;
  dryRun?: boolean;
  /** Only these resource types (case-insensitive); all covered types when absent. */
  resourceTypes?: readonly string[];
}

export interface QueuedSweep {
  sweepId: string;
  shards: number;
  /** Resources queued again because their last work item was given up on. */
  flagged: number;
  /** Subscriptions asked for but outside the scopes: nothing was queued for them. */
  skipped: { subscriptionId: string; reason: string }[];
}

/**
 * Starts a sweep through the queue: one shard per subscription and resource type, so the
 * work spreads over queue workers and no invocation has to list a whole estate. Resources a
 * poisoned work item flagged are queued again too.
 */
export async function enqueueSweep(runtime: QueuedRuntime, scope: SweepScope): Promise<QueuedSweep> {
  const queue = runtime.queue;
  const ledger = runtime.ledger;
  const now = runtime.now();
  const sweepId = randomUUID();
  const correlationId = sweepId;
  const wanted = scope.resourceTypes?.map((t) => t.toLowerCase());
  const modules = runtime.resources.filter((m) => !wanted || wanted.includes(m.type.toLowerCase()));
  const subscriptions = sweepSubscriptions(runtime, scope.subscriptionIds);
  for (const { subscriptionId, reason } of subscriptions.skipped) runtime.logger.warn(`sweep ${sweepId}: subscription ${subscriptionId} skipped: ${reason}`);
  const shards: ShardWorkItem[] = subscriptions.inScope.flatMap((subscriptionId) =>
    modules.map((module) => ({
      kind: "shard" as const,
      key: `shard:${sweepId}:${subscriptionId}:${module.type}`,
      sweepId,
      shard: 0,
      subscriptionId,
      resourceType: module.type,
      ...(scope.resourceGroup ? { resourceGroup: scope.resourceGroup } : {}),
      ...(scope.dryRun ? { dryRun: true } : {}),
      correlationId,
    })),
  );
  shards.forEach((shard, index) => (shard.shard = index));
  const label = subscriptions.inScope.length === 1 ? `/subscriptions/${subscriptions.inScope[0]}${scope.resourceGroup ? `/resourceGroups/${scope.resourceGroup}` : ""}` : ESTATE_SCOPE;
  await ledger.sweeps.start(sweepId, shards.length, label, now);

  const flagged: ResourceWorkItem[] = [];
  if (!scope.resourceGroup) {
    for (const subscriptionId of subscriptions.inScope) {
      for (const flag of await ledger.flags.list(subscriptionId)) {
        if (flagged.length >= MAX_FLAGGED_PER_SWEEP) break;
        if (!scopeCheck(runtime, flag.resourceId).ok) continue;
        flagged.push({
          kind: "resource",
          key: `flagged:${sweepId}:${resourceKey(flag.resourceId)}`,
          resourceId: flag.resourceId,
          origin: "flagged",
          correlationId,
          ...(scope.dryRun ? { dryRun: true } : {}),
        });
      }
    }
  }
  const items: WorkItem[] = [...shards, ...flagged];
  await queue.sendAll(items);
  runtime.logger.info(`sweep ${sweepId}: queued ${shards.length} shards and ${flagged.length} flagged resources`);
  return { sweepId, shards: shards.length, flagged: flagged.length, skipped: subscriptions.skipped };
}

export interface ShardOutcome {
  resources: number;
  /** Listed, but outside the scopes: counted, never judged. */
  outOfScope: number;
  fixTargets: number;
  errors: number;
  /** This shard completed the sweep and decided on its fixes. */
  finalized?: "fixes-queued" | "held";
}

/**
 * One shard: lists its resources page by page (paced by the ARM client's pacing policy),
 * evaluates them, records findings and tickets, and notes the resources with fixes due. The
 * shard that completes the sweep decides for the whole of it: queue one fix item per resource,
 * or, past the share cap, hold every fix and ask.
 */
export async function runShard(runtime: QueuedRuntime, item: ShardWorkItem): Promise<ShardOutcome> {
  const ledger = runtime.ledger;
  const module = moduleForType(item.resourceType, runtime.resources);
  if (!module) throw new Error(`shard names resource type ${item.resourceType}, which this service does not cover`);
  // A queue message is input like any other: a shard for a subscription outside the scopes lists nothing.
  const allowed = scopeCheck(runtime, `/subscriptions/${item.subscriptionId}${item.resourceGroup ? `/resourceGroups/${item.resourceGroup}` : ""}`);
  if (!allowed.ok) throw new Error(`shard ${item.shard} of sweep ${item.sweepId} is outside the scopes: ${allowed.reason}`);
  const listing = await assessListing(
    runtime,
    { subscriptionId: item.subscriptionId, module, ...(item.resourceGroup ? { resourceGroup: item.resourceGroup } : {}) },
    {
      correlationId: item.correlationId,
      ...(item.dryRun ? { dryRun: true } : {}),
    },
  );
  for (const { resourceId, error } of listing.errors) runtime.logger.error(`sweep ${item.sweepId}: ${resourceId}: ${error}`);
  const outcome: ShardOutcome = { resources: listing.resources, outOfScope: listing.outOfScope, fixTargets: listing.fixTargets.length, errors: listing.errors.length };
  const summary = { resources: listing.resources, outOfScope: listing.outOfScope, errors: listing.errors.length };
  const complete = await ledger.sweeps.completeShard(item.sweepId, item.shard, summary, listing.fixTargets, runtime.now());
  if (complete && (await ledger.sweeps.claimFinalize(item.sweepId, runtime.now()))) outcome.finalized = await finalizeSweep(runtime, item);
  return outcome;
}

async function finalizeSweep(runtime: QueuedRuntime, last: ShardWorkItem): Promise<"fixes-queued" | "held"> {
  const totals = await runtime.ledger.sweeps.totals(last.sweepId, { withFixTargets: true });
  const verdict = sweepShareVerdict(totals.resources, totals.fixTargets.length, runtime.policy.limits);
  if (!verdict.ok) {
    await holdSweep(runtime, { scope: totals.scope, resources: totals.resources, dueByControl: totals.dueByControl, reason: verdict.reason, correlationId: last.correlationId });
    return "held";
  }
  const fixes: ResourceWorkItem[] = totals.fixTargets.map(({ resourceId, controls }) => ({
    kind: "resource",
    key: `sweep:${last.sweepId}:${resourceKey(resourceId)}`,
    resourceId,
    origin: "sweep",
    // The first pass recorded the other controls' findings and tickets already.
    controls,
    correlationId: last.correlationId,
    ...(last.dryRun ? { dryRun: true } : {}),
  }));
  await runtime.queue.sendAll(fixes);
  runtime.logger.info(`sweep ${last.sweepId}: ${totals.resources} resources in ${totals.shards} shards (${totals.outOfScope} outside the scopes, skipped); queued ${fixes.length} resources to fix`);
  return "fixes-queued";
}
