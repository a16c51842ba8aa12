import type { EventGridEvent, HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { json, problem, readJson } from "../functions/http/problem.ts";
import { cloudEventsHandshake, readWebhookBody } from "../shared/events/index.ts";
import { MAX_EVENTS_PER_DELIVERY, type IntakeOutcome } from "../shared/workflow/index.ts";

/** Event Grid delivers at most 1 MB in one request. */
export const EVENT_DELIVERY_LIMIT = 1024 * 1024;

type Trigger = (event: EventGridEvent, context: InvocationContext) => Promise<IntakeOutcome>;

/**
 * What the Functions host's Event Grid extension does in front of an Event Grid trigger, for
 * running the trigger where there is no host (the demo, the benchmarks, the tests): it answers
 * the Event Grid validation and CloudEvents OPTIONS handshakes, reads a delivery (an Event Grid
 * schema array, one CloudEvent or a CloudEvents batch) of at most 1 MB and
 * MAX_EVENTS_PER_DELIVERY events, and invokes the trigger once per event. A delivery whose
 * events were all taken answers 200; one that was too large 413; one the trigger failed on 503,
 * which Event Grid retries (events are idempotent by id). In Azure the deployment has no such
 * HTTP route of its own: Event Grid reaches the trigger through the extension's endpoint.
 */
export function eventGridExtension(trigger: Trigger) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    if (request.method === "OPTIONS") {
      const allowed = cloudEventsHandshake(request.headers.get("webhook-request-origin"));
      return allowed
        ? { status: 200, headers: allowed }
        : problem(400, "Not a webhook handshake", "OPTIONS needs the WebHook-Request-Origin header (CloudEvents abuse protection).", [{ field: "WebHook-Request-Origin", message: "missing" }]);
    }
    const read = await readJson(request, EVENT_DELIVERY_LIMIT);
    if ("response" in read) return read.response;
    const body = readWebhookBody(read.body);
    if (body.kind === "invalid") return problem(400, "Not Event Grid events", body.reason, [{ field: "(body)", message: body.reason }]);
    if (body.kind === "validation") return json(200, { validationResponse: body.validationCode });
    if (body.events.length > MAX_EVENTS_PER_DELIVERY) {
      return problem(413, "Too many events", `${body.events.length} events in one delivery; at most ${MAX_EVENTS_PER_DELIVERY}.`, [
        { field: "(body)", message: `at most ${MAX_EVENTS_PER_DELIVERY} events` },
      ]);
    }
    const total = { queued: 0, verifyOnly: 0, ignored: 0, malformed: 0 };
    try {
      for (const event of body.events) {
        const outcome = await trigger(event as EventGridEvent, context);
        total.queued += outcome.queued;
        total.verifyOnly += outcome.verifyOnly;
        total.ignored += outcome.ignored.length;
        total.malformed += outcome.malformed.length;
      }
    } catch {
      return problem(503, "Events not queued", "The work queue could not be written; deliver the batch again.");
    }
    return json(200, total);
  };
}
