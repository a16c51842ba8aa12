import type { InvocationContext } from "@azure/functions";
import { DEFAULT_MAX_DEQUEUE_COUNT, handleDelivery, type WorkResult } from "../shared/workflow/index.ts";
import { hostRuntime, type RuntimeFactory } from "./hostRuntime.ts";

/**
 * Queue trigger: one work item (a resource to re-read and judge, or a sweep shard). Throws to
 * have the host retry; on the last try (GUARD_MAX_DEQUEUE_COUNT, which must match host.json's
 * maxDequeueCount) the item goes to the poison queue with the reason instead.
 */
export function workerHandler(getRuntime: RuntimeFactory) {
  return async (message: unknown, context: InvocationContext): Promise<WorkResult> => {
    const runtime = await getRuntime(context);
    const metadata = context.triggerMetadata ?? {};
    const delivery = {
      messageId: typeof metadata.id === "string" ? metadata.id : context.invocationId,
      dequeueCount: Number(metadata.dequeueCount ?? 1),
    };
    const result = await handleDelivery(runtime, message, delivery, runtime.settings.maxDequeueCount ?? DEFAULT_MAX_DEQUEUE_COUNT);
    context.info(`worker: ${JSON.stringify(result)}`);
    return result;
  };
}

export const worker = workerHandler(hostRuntime);
