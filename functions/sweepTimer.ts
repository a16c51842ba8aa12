import type { InvocationContext, Timer } from "@azure/functions";
import { enqueueSweep, type QueuedSweep } from "../shared/workflow/index.ts";
import { hostRuntime, type RuntimeFactory } from "./hostRuntime.ts";

/**
 * Timer trigger: queues a sweep of the configured subscriptions (drift, missed events), one
 * shard per subscription and resource type for the queue workers, plus the resources a
 * poisoned work item flagged.
 */
export function sweepHandler(getRuntime: RuntimeFactory) {
  return async (_timer: Timer, context: InvocationContext): Promise<QueuedSweep | undefined> => {
    const runtime = await getRuntime(context);
    const { subscriptionIds } = runtime.settings;
    if (subscriptionIds.length === 0) {
      context.warn("sweep: GUARD_SUBSCRIPTION_IDS is empty; nothing to sweep");
      return undefined;
    }
    const queued = await enqueueSweep(runtime, { subscriptionIds });
    context.info(`sweep: ${JSON.stringify(queued)}`);
    return queued;
  };
}

export const sweepTimer = sweepHandler(hostRuntime);
