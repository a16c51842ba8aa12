import azureFunctions from "@azure/functions";
import type { InvocationContext } from "@azure/functions";
import { WORK_QUEUE } from "../shared/queue/index.ts";
import { DEFAULT_MAX_DEQUEUE_COUNT, handleDelivery, type WorkResult } from "../shared/workflow/index.ts";
import { hostRuntime, type RuntimeFactory } from "./hostRuntime.ts";

// @azure/functions is CommonJS, so Node cannot bind its named exports in an ES module.
const { app } = azureFunctions;

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

app.storageQueue("worker", { queueName: WORK_QUEUE, connection: "GUARD_STORAGE", handler: worker });
