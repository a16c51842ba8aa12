import type { InvocationContext, Timer } from "@azure/functions";
import type { DeliveryReport } from "../shared/tickets/outbox.ts";
import { hostRuntime, type RuntimeFactory } from "./hostRuntime.ts";

/**
 * Timer trigger: delivers the ticket outbox. Scans only record intents; this makes the sinks
 * agree with them, and is what retries a sink that was down or rate-limited once its backoff
 * has passed, even when no scan runs.
 */
export function ticketOutboxHandler(getRuntime: RuntimeFactory) {
  return async (_timer: Timer, context: InvocationContext): Promise<DeliveryReport | undefined> => {
    const runtime = await getRuntime(context);
    if (!runtime.tickets) return undefined;
    const report = await runtime.tickets.deliver();
    if (report.delivered.length > 0 || report.failed.length > 0) {
      context.info(`ticketOutbox: ${report.delivered.length} delivered, ${report.failed.length} not delivered, ${report.waiting} waiting`);
    }
    return report;
  };
}

export const ticketOutboxTimer = ticketOutboxHandler(hostRuntime);
