import azureFunctions from "@azure/functions";
import type { InvocationContext } from "@azure/functions";
import { randomUUID } from "node:crypto";
import type { MessageHandler } from "../shared/queue/index.ts";

// @azure/functions is CommonJS, so Node cannot bind its named exports in an ES module.
const { InvocationContext: Context } = azureFunctions;

/**
 * What the Functions host hands our entry points, for running them where there is no host:
 * the demo, the benchmarks and the tests call the same handlers the host calls.
 */
export function invocationContext(functionName: string, triggerMetadata: Record<string, unknown> = {}): InvocationContext {
  return new Context({ functionName, invocationId: randomUUID(), triggerMetadata, logHandler: () => {} });
}

/** A queue-trigger handler as the local queue pump's message handler, with the host's trigger metadata. */
export function asQueueTrigger(handler: (message: unknown, context: InvocationContext) => Promise<unknown>, functionName = "worker"): MessageHandler {
  return async (body, delivery) => {
    await handler(body, invocationContext(functionName, { id: delivery.messageId, dequeueCount: delivery.dequeueCount }));
  };
}
