import { describe } from "../actions/remediate.ts";
import { parseWorkItem, type ResourceWorkItem, type WorkItem } from "../queue/workItem.ts";
import type { Delivery } from "../queue/workQueue.ts";
import type { GuardRuntime, QueuedRuntime } from "./runtime.ts";
import { keyUserIds } from "./keyBindings.ts";
import { targetOf, scanTarget } from "./scanResource.ts";
import { refreshScopes, scopeCheck } from "./scope.ts";
import { runGraphShard, runShard, type ShardOutcome } from "./shards.ts";
import { parseArmScope, parseResourceId, ResourceIdError } from "../core/index.ts";

/** The Functions host's default queue maxDequeueCount (host.json extensions.queues). */
export const DEFAULT_MAX_DEQUEUE_COUNT = 5;

export type WorkResult =
  | { kind: "resource"; resourceId: string; status: "done"; findings: number; noncompliant: number; actions: string[] }
  /** Skipped: done before, another worker is on it, not covered, or outside the scopes. */
  | { kind: "resource"; resourceId: string; status: "duplicate" | "busy" | "not-covered" | "out-of-scope"; detail?: string }
  | ({ kind: "shard" | "graph-shard"; status: "done" | "duplicate" | "busy" } & Partial<ShardOutcome>)
  | { kind: "poisoned"; reason: string };

async function processResource(runtime: GuardRuntime, item: ResourceWorkItem, delivery: Delivery): Promise<WorkResult> {
  const target = targetOf(runtime, item.resourceId);
  if (!target) return { kind: "resource", resourceId: item.resourceId, status: "not-covered" };
  await refreshScopes(runtime);
  const scope = scopeCheck(runtime, target.id.id);
  if (!scope.ok) return { kind: "resource", resourceId: item.resourceId, status: "out-of-scope", detail: scope.reason };
  const outcome = await scanTarget(runtime, target, {
    holder: delivery.messageId,
    correlationId: item.correlationId,
    ...(item.verifyOnly ? { verifyOnly: true } : {}),
    ...(item.dryRun ? { dryRun: true } : {}),
    ...(item.controls ? { controls: item.controls } : {}),
  });
  if (item.origin === "flagged") await runtime.ledger.flags.clear(item.resourceId);
  // A key's own event: every resource that uses the key is judged again (each in scope, a bounded number).
  if (item.keyUsers) {
    for (const userId of await keyUserIds(runtime, target.id.id)) {
      const user = targetOf(runtime, userId);
      if (user && scopeCheck(runtime, user.id.id).ok) {
        const judged = await scanTarget(runtime, user, { holder: delivery.messageId, correlationId: item.correlationId, ...(item.dryRun ? { dryRun: true } : {}) });
        outcome.findings.push(...judged.findings);
        outcome.actions.push(...judged.actions);
      }
    }
  }
  return {
    kind: "resource",
    resourceId: target.id.id,
    status: "done",
    findings: outcome.findings.length,
    noncompliant: outcome.findings.filter((f) => f.status === "noncompliant").length,
    actions: outcome.actions.map((a) => `${a.controlId}=${a.kind}:${a.status}`),
  };
}

/** Why a work item's ids fail the canonical parser, or undefined: a queue message is input like any other. */
function idProblem(item: WorkItem): string | undefined {
  try {
    if (item.kind === "resource") parseResourceId(item.resourceId);
    else if (item.kind === "shard") parseArmScope(`/subscriptions/${item.subscriptionId}${item.resourceGroup ? `/resourceGroups/${item.resourceGroup}` : ""}`);
    else for (const subscriptionId of item.scope.subscriptions ?? []) parseArmScope(`/subscriptions/${subscriptionId}`);
    return undefined;
  } catch (error) {
    if (error instanceof ResourceIdError) return error.message;
    throw error;
  }
}

/**
 * Does one work item once: its idempotency key is claimed first (a duplicate or a replay is
 * skipped; the same message redelivered resumes), then the resource is re-read from ARM and
 * judged, or the shard is swept, and the key is marked done.
 */
export async function processWorkItem(runtime: GuardRuntime, item: ResourceWorkItem, delivery: Delivery): Promise<WorkResult>;
export async function processWorkItem(runtime: QueuedRuntime, item: WorkItem, delivery: Delivery): Promise<WorkResult>;
export async function processWorkItem(runtime: GuardRuntime | QueuedRuntime, item: WorkItem, delivery: Delivery): Promise<WorkResult> {
  const ledger = runtime.ledger;
  const claim = await ledger.keys.claim(item.key, delivery.messageId, runtime.now());
  if (claim === "done" || claim === "busy") {
    const status = claim === "done" ? "duplicate" : "busy";
    return item.kind === "resource" ? { kind: "resource", resourceId: item.resourceId, status } : { kind: item.kind, status };
  }
  const result: WorkResult =
    item.kind === "resource"
      ? await processResource(runtime, item, delivery)
      : item.kind === "shard"
        ? { kind: "shard", status: "done", ...(await runShard(runtime as QueuedRuntime, item)) }
        : { kind: "graph-shard", status: "done", ...(await runGraphShard(runtime as QueuedRuntime, item)) };
  await ledger.keys.complete(item.key, runtime.now());
  return result;
}

/**
 * The queue trigger's body: a message that cannot be read goes to the poison queue at once
 * (retrying cannot fix it); a failure is thrown so the host retries, until the last allowed
 * delivery, when the message goes to the poison queue with the reason and its resource is
 * flagged for the next sweep.
 */
export async function handleDelivery(runtime: QueuedRuntime, body: unknown, delivery: Delivery, maxDequeueCount = DEFAULT_MAX_DEQUEUE_COUNT): Promise<WorkResult> {
  const queue = runtime.queue;
  const poisonRecord = (message: WorkItem | string, reason: string) => ({
    message,
    reason,
    dequeueCount: delivery.dequeueCount,
    messageId: delivery.messageId,
    failedAt: runtime.now().toISOString(),
  });
  const parsed = parseWorkItem(body);
  if (!parsed.ok) {
    const reason = `malformed work item: ${parsed.reason}`;
    runtime.logger.error(`worker: message ${delivery.messageId}: ${reason}`);
    await queue.poison(poisonRecord(typeof body === "string" ? body : JSON.stringify(body), reason));
    return { kind: "poisoned", reason };
  }
  const item = parsed.item;
  const badId = idProblem(item);
  if (badId) {
    // Retrying cannot make an id valid: refused at once, before any ARM call.
    const reason = `malformed work item: ${badId}`;
    runtime.logger.error(`worker: message ${delivery.messageId}: ${reason}`);
    await queue.poison(poisonRecord(item, reason));
    return { kind: "poisoned", reason };
  }
  try {
    return await processWorkItem(runtime, item, delivery);
  } catch (error) {
    const reason = describe(error);
    if (delivery.dequeueCount < maxDequeueCount) {
      runtime.logger.warn(`worker: message ${delivery.messageId} (try ${delivery.dequeueCount} of ${maxDequeueCount}) failed, will be retried: ${reason}`);
      throw error;
    }
    await queue.poison(poisonRecord(item, reason));
    if (item.kind === "resource") await runtime.ledger.flags.flag(item.resourceId, reason, runtime.now());
    runtime.logger.error(`worker: message ${delivery.messageId} failed ${delivery.dequeueCount} times, moved to ${queue.name}-poison: ${reason}`);
    return { kind: "poisoned", reason };
  }
}
