import { randomUUID } from "node:crypto";
import { graphQuery, moduleForType, type ResourceModule } from "../resources/index.ts";
import { graphScopes, type GraphScope } from "../azure/index.ts";
import { ESTATE_SCOPE } from "../guards/alerts.ts";
import { sweepShareVerdict } from "../guards/sweepShare.ts";
import type { GraphShardWorkItem, ResourceWorkItem, ShardWorkItem, WorkItem } from "../queue/workItem.ts";
import type { ShardPage } from "../store/sweeps.ts";
import type { QueuedRuntime } from "./runtime.ts";
import { armListing, assessDocuments, graphPageListing, holdSweep, type ListingOutcome } from "./sweep.ts";
import { resourceKey } from "../core/index.ts";
import { scopeCheck, sweepSubscriptions } from "./scope.ts";

/**
 * Flagged resources one sweep queues again, at most: a request that starts a sweep queues a
 * bounded number of items; the rest stay flagged for the next sweep.
 */
export const MAX_FLAGGED_PER_SWEEP = 500;

export interface SweepScope {
  subscriptionIds: readonly string[];
  /** Management groups to sweep too (through Resource Graph; their subscriptions through ARM for types the graph does not hold). */
  managementGroups?: readonly string[];
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
 * Starts a sweep through the queue. With Resource Graph as the source, one shard per covered
 * type the graph holds, over every scope at once (a query takes up to 1,000 subscriptions, and
 * management groups); its pages fan out over the queue workers as they go. Types the graph does
 * not hold, and every type with `sweep.source: arm`, get one shard per subscription, listed
 * through ARM. Resources a poisoned work item flagged are queued again too.
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
  const groups = scope.managementGroups ?? [];
  const byGraph = (module: ResourceModule) => runtime.sweepSource === "graph" && module.graph !== undefined;
  // ARM listings go subscription by subscription: the management groups' members are asked for once.
  if (groups.length > 0 && modules.some((m) => !byGraph(m))) await runtime.members.refresh();
  const armSubscriptions = [...new Map([...subscriptions.inScope, ...runtime.members.subscriptionsOf(groups)].map((s) => [s.toLowerCase(), s])).values()].filter(
    (subscriptionId) => scopeCheck(runtime, `/subscriptions/${subscriptionId}`).ok,
  );
  const common = { sweepId, correlationId, ...(scope.resourceGroup ? { resourceGroup: scope.resourceGroup } : {}), ...(scope.dryRun ? { dryRun: true } : {}) };
  const shards: (ShardWorkItem | GraphShardWorkItem)[] = [];
  for (const module of modules) {
    if (byGraph(module)) {
      for (const graphScope of graphScopes(subscriptions.inScope, groups)) {
        const shard = shards.length;
        shards.push({ kind: "graph-shard", key: `shard:${sweepId}:${shard}:0`, shard, page: 0, resourceType: module.type, scope: toScope(graphScope), ...common });
      }
      continue;
    }
    for (const subscriptionId of armSubscriptions) {
      const shard = shards.length;
      shards.push({ kind: "shard", key: `shard:${sweepId}:${subscriptionId}:${module.type}`, shard, subscriptionId, resourceType: module.type, ...common });
    }
  }
  const label =
    subscriptions.inScope.length === 1 && groups.length === 0 ? `/subscriptions/${subscriptions.inScope[0]}${scope.resourceGroup ? `/resourceGroups/${scope.resourceGroup}` : ""}` : ESTATE_SCOPE;
  await ledger.sweeps.start(sweepId, shards.length, label, now);

  const flagged: ResourceWorkItem[] = [];
  if (!scope.resourceGroup) {
    for (const subscriptionId of armSubscriptions) {
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

function toScope(scope: GraphScope): GraphShardWorkItem["scope"] {
  return {
    ...(scope.subscriptions?.length ? { subscriptions: [...scope.subscriptions] } : {}),
    ...(scope.managementGroups?.length ? { managementGroups: [...scope.managementGroups] } : {}),
  };
}

export interface ShardOutcome {
  resources: number;
  /** Listed, but outside the scopes: counted, never judged. */
  outOfScope: number;
  fixTargets: number;
  errors: number;
  /** The page after this one, queued for another worker (a Resource Graph shard). */
  nextPage?: number;
  /** This page completed the sweep and decided on its fixes. */
  finalized?: "fixes-queued" | "held";
}

/** Records a page's results and, when it completed the sweep, decides on its fixes (once, whoever gets there). */
async function completePage(runtime: QueuedRuntime, item: ShardWorkItem | GraphShardWorkItem, page: ShardPage, listing: ListingOutcome): Promise<ShardOutcome> {
  for (const { resourceId, error } of listing.errors) runtime.logger.error(`sweep ${item.sweepId}: ${resourceId}: ${error}`);
  const outcome: ShardOutcome = { resources: listing.resources, outOfScope: listing.outOfScope, fixTargets: listing.fixTargets.length, errors: listing.errors.length };
  const complete = await runtime.ledger.sweeps.completePage(
    item.sweepId,
    page,
    { resources: listing.resources, outOfScope: listing.outOfScope, errors: listing.errors.length },
    listing.fixTargets,
    runtime.now(),
  );
  if (complete && (await runtime.ledger.sweeps.claimFinalize(item.sweepId, runtime.now()))) outcome.finalized = await finalizeSweep(runtime, item);
  return outcome;
}

/**
 * One ARM shard: lists its resources page by page (paced by the ARM client's pacing policy),
 * evaluates them, records findings and tickets, and notes the resources with fixes due.
 */
export async function runShard(runtime: QueuedRuntime, item: ShardWorkItem): Promise<ShardOutcome> {
  const module = moduleForType(item.resourceType, runtime.resources);
  if (!module) throw new Error(`shard names resource type ${item.resourceType}, which this service does not cover`);
  // A queue message is input like any other: a shard for a subscription outside the scopes lists nothing.
  const allowed = scopeCheck(runtime, `/subscriptions/${item.subscriptionId}${item.resourceGroup ? `/resourceGroups/${item.resourceGroup}` : ""}`);
  if (!allowed.ok) throw new Error(`shard ${item.shard} of sweep ${item.sweepId} is outside the scopes: ${allowed.reason}`);
  const listing = await assessDocuments(runtime, armListing(runtime, module, item.subscriptionId), {
    correlationId: item.correlationId,
    ...(item.resourceGroup ? { resourceGroup: item.resourceGroup } : {}),
    ...(item.dryRun ? { dryRun: true } : {}),
  });
  return completePage(runtime, item, { shard: item.shard, page: 0, last: true }, listing);
}

/**
 * One page of a Resource Graph shard: reads the page (paced by the graph's quota), queues the
 * next one at once so another worker reads it while this one evaluates, then assesses this
 * page's documents. What the graph does not hold (a database's TDE state, diagnostic settings)
 * is read from ARM per resource, paced as ever. Findings say they came from the graph.
 */
export async function runGraphShard(runtime: QueuedRuntime, item: GraphShardWorkItem): Promise<ShardOutcome> {
  const module = moduleForType(item.resourceType, runtime.resources);
  if (!module?.graph) throw new Error(`graph shard names resource type ${item.resourceType}, which Resource Graph does not list for this service`);
  const page = await runtime.clients.graph.page(graphQuery(module, item.resourceGroup ? { resourceGroup: item.resourceGroup } : {}), item.scope, item.skipToken);
  if (page.skipToken) {
    const { skipToken: _previous, ...rest } = item;
    await runtime.queue.send({ ...rest, key: `shard:${item.sweepId}:${item.shard}:${item.page + 1}`, page: item.page + 1, skipToken: page.skipToken });
  }
  const listing = await assessDocuments(runtime, graphPageListing(module, page.rows), {
    correlationId: item.correlationId,
    concurrency: GRAPH_PAGE_CONCURRENCY,
    ...(item.dryRun ? { dryRun: true } : {}),
  });
  const outcome = await completePage(runtime, item, { shard: item.shard, page: item.page, last: !page.skipToken }, listing);
  return page.skipToken ? { ...outcome, nextPage: item.page + 1 } : outcome;
}

/** Documents of one graph page evaluated at once: most need no ARM read, and those that do are paced per subscription. */
const GRAPH_PAGE_CONCURRENCY = 32;

async function finalizeSweep(runtime: QueuedRuntime, last: ShardWorkItem | GraphShardWorkItem): Promise<"fixes-queued" | "held"> {
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
