import type { EventGridEvent, HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { cloudEventsHandshake, readWebhookBody } from "../shared/events/index.ts";
import { intake, type IntakeOutcome } from "../shared/workflow/index.ts";
import { hostRuntime, type RuntimeFactory } from "./hostRuntime.ts";
import { json, problem, readJson } from "./http/problem.ts";

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
 * Event Grid delivers the event again.
 */
export function resourceChangedHandler(getRuntime: RuntimeFactory) {
  return async (event: EventGridEvent, context: InvocationContext): Promise<IntakeOutcome> => {
    const outcome = await intake(await getRuntime(context), [event]);
    log(context, outcome);
    return outcome;
  };
}

/**
 * The same intake as a plain webhook (an Event Grid subscription whose endpoint is this URL):
 * answers the Event Grid schema validation handshake and the CloudEvents OPTIONS handshake,
 * then takes an Event Grid schema array, one CloudEvent or a CloudEvents batch. A body that is
 * not events gets 400, which Event Grid does not retry; a queue failure gets 503, which it does.
 */
export function eventsWebhookHandler(getRuntime: RuntimeFactory) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    if (request.method === "OPTIONS") {
      const allowed = cloudEventsHandshake(request.headers.get("webhook-request-origin"));
      return allowed
        ? { status: 200, headers: allowed }
        : problem(400, "Not a webhook handshake", "OPTIONS needs the WebHook-Request-Origin header (CloudEvents abuse protection).", [{ field: "WebHook-Request-Origin", message: "missing" }]);
    }
    const read = await readJson(request);
    if ("response" in read) return read.response;
    const body = readWebhookBody(read.body);
    if (body.kind === "invalid") return problem(400, "Not Event Grid events", body.reason, [{ field: "(body)", message: body.reason }]);
    if (body.kind === "validation") {
      context.info("events: answered the Event Grid subscription validation handshake");
      return json(200, { validationResponse: body.validationCode });
    }
    let outcome: IntakeOutcome;
    try {
      outcome = await intake(await getRuntime(context), body.events);
    } catch (error) {
      context.error(`events: could not queue the batch: ${(error as Error).message}`);
      return problem(503, "Events not queued", "The work queue could not be written; deliver the batch again.");
    }
    log(context, outcome);
    return json(200, summary(outcome));
  };
}

export const resourceChanged = resourceChangedHandler(hostRuntime);
export const eventsWebhook = eventsWebhookHandler(hostRuntime);
