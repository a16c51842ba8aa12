import { HttpRequest, type HttpResponseInit } from "@azure/functions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RuntimeFactory } from "../../../functions/hostRuntime.ts";
import { eventsWebhookHandler } from "../../../functions/resourceChanged.ts";
import type { WorkQueue } from "../../../shared/queue/index.ts";
import { context, startGuardStack, USER, type GuardStack } from "../../setup/stack.ts";
import { reliabilityEstate, storageId, SUBSCRIPTION } from "../reliability/estate.ts";

function post(body: unknown, headers: Record<string, string> = { "content-type": "application/json" }): HttpRequest {
  return new HttpRequest({ method: "POST", url: "https://guard.example/api/events", headers, body: { string: typeof body === "string" ? body : JSON.stringify(body) } });
}

/** The emulator's Event Grid schema event, as Event Grid's CloudEvents schema would carry it. */
function cloudEvent(event: Record<string, unknown>, versionKey = "specversion") {
  return { id: event.id, source: event.topic, subject: event.subject, type: event.eventType, time: event.eventTime, data: event.data, [versionKey]: "1.0" };
}

describe("the Event Grid webhook (a plain HTTP endpoint)", () => {
  let stack: GuardStack;
  const webhook = (request: HttpRequest, factory?: RuntimeFactory): Promise<HttpResponseInit> => eventsWebhookHandler(factory ?? stack.factory)(request, context("events"));
  const userEvent = (i: number) => {
    stack.emulator.write(storageId(i), { tags: { owner: `team-${i}` } }, USER);
    return stack.emulator.events.at(-1)! as unknown as Record<string, unknown>;
  };

  beforeAll(async () => {
    stack = await startGuardStack({ emulator: { estate: reliabilityEstate(4), subscriptions: [SUBSCRIPTION] } });
  });
  afterAll(() => stack.stop());

  it("answers the Event Grid subscription validation handshake", async () => {
    const validation = [
      {
        id: "1",
        topic: `/subscriptions/${SUBSCRIPTION}`,
        subject: "",
        eventType: "Microsoft.EventGrid.SubscriptionValidationEvent",
        eventTime: "2026-01-05T10:00:00Z",
        data: { validationCode: "code-123", validationUrl: "https://example.invalid/validate" },
        dataVersion: "1",
        metadataVersion: "1",
      },
    ];
    const response = await webhook(post(validation, { "content-type": "application/json", "aeg-event-type": "SubscriptionValidation" }));
    expect(response).toMatchObject({ status: 200, jsonBody: { validationResponse: "code-123" } });
  });

  it("answers the CloudEvents OPTIONS handshake, and refuses an OPTIONS that is not one", async () => {
    const handshake = await webhook(new HttpRequest({ method: "OPTIONS", url: "https://guard.example/api/events", headers: { "webhook-request-origin": "eventgrid.azure.net" } }));
    expect(handshake).toMatchObject({ status: 200, headers: { "WebHook-Allowed-Origin": "eventgrid.azure.net" } });
    expect((await webhook(new HttpRequest({ method: "OPTIONS", url: "https://guard.example/api/events" }))).status).toBe(400);
  });

  it("queues an Event Grid schema batch, one CloudEvent, and a CloudEvents batch (either version spelling)", async () => {
    expect(await webhook(post([userEvent(0), userEvent(1)]))).toMatchObject({ status: 200, jsonBody: { queued: 2, malformed: 0 } });
    expect(await webhook(post(cloudEvent(userEvent(2)), { "content-type": "application/cloudevents+json; charset=utf-8" }))).toMatchObject({ status: 200, jsonBody: { queued: 1 } });
    const batch = [cloudEvent(userEvent(3)), cloudEvent(userEvent(3), "specVersion")];
    expect(await webhook(post(batch, { "content-type": "application/cloudevents-batch+json" }))).toMatchObject({ status: 200, jsonBody: { queued: 2 } });
    const stats = await stack.drain();
    expect(stats).toMatchObject({ failed: 0, handled: 5 });
  });

  it("acknowledges a batch with malformed events (200, counted) so Event Grid does not retry them forever", async () => {
    const response = await webhook(post([userEvent(0), { id: "bad", eventType: "Microsoft.Resources.ResourceWriteSuccess", data: "nope" }, 17]));
    expect(response).toMatchObject({ status: 200, jsonBody: { queued: 1, malformed: 2 } });
    await stack.drain();
  });

  it.each([["{not json"], ["42"]])("answers 400 problem+json to a body that is not events: %s", async (body) => {
    const response = await webhook(post(body));
    expect(response.status).toBe(400);
    expect((response.headers as Record<string, string>)["content-type"]).toBe("application/problem+json");
  });

  it("answers 503 when the queue cannot be written, so Event Grid delivers the batch again", async () => {
    const broken = { sendAll: () => Promise.reject(new Error("queue unavailable")) } as unknown as WorkQueue;
    const factory: RuntimeFactory = async (ctx) => ({ ...(await stack.factory(ctx)), queue: broken });
    const response = await webhook(post([userEvent(1)]), factory);
    expect(response.status).toBe(503);
  });
});
