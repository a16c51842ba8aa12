import type { EventGridEvent, InvocationContext } from "@azure/functions";
import { intake, type IntakeOutcome } from "../shared/workflow/index.ts";
import { hostRuntime, type RuntimeFactory } from "./hostRuntime.ts";

function summary(outcome: IntakeOutcome) {
  return { queued: outcome.queued, verifyOnly: outcome.verifyOnly, ignored: outcome.ignored.length, malformed: outcome.malformed.length };
}

function log(context: InvocationContext, outcome: IntakeOutcome): void {
  context.info(`resourceChanged: ${JSON.stringify(summary(outcome))}`);
  for (const { eventId, reason } of outcome.ignored) context.info(`resourceChanged: ignored event ${eventId}: ${reason}`);
}

/**
 * Event Grid trigger (Event Grid schema or CloudEvents): queues the event's work and returns at
 * once. A malformed event is logged and acknowledged; only a queue failure throws, so that
 * Event Grid delivers the event again. This is the service's only way in for events: Event Grid
 * reaches it through the Functions host's Event Grid extension endpoint, which its system key
 * guards and App Service authentication leaves to that key; there is no plain webhook route.
 */
export function resourceChangedHandler(getRuntime: RuntimeFactory) {
  return async (event: EventGridEvent, context: InvocationContext): Promise<IntakeOutcome> => {
    const outcome = await intake(await getRuntime(context), [event]);
    log(context, outcome);
    return outcome;
  };
}

export const resourceChanged = resourceChangedHandler(hostRuntime);
