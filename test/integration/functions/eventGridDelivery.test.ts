import { HttpRequest, type HttpResponseInit } from "@azure/functions";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eventGridExtension } from "../../../dev/eventGridExtension.ts";
import type { RuntimeFactory } from "../../../functions/hostRuntime.ts";
import { resourceChangedHandler } from "../../../functions/resourceChanged.ts";
import type { WorkQueue } from "../../../shared/queue/index.ts";
import { DeliveryTooLarge, intake, MAX_EVENTS_PER_DELIVERY } from "../../../shared/workflow/index.ts";
import { context, startGuardStack, USER, type GuardStack } from "../../setup/stack.ts";
import { reliabilityEstate, storageId, SUBSCRIPTION } from "../reliability/estate.ts";

function post(body: unknown, headers: Record<string, string> = { "content-type": "application/json" }): HttpRequest {
  return new HttpRequest({ method: "POST", url: "https://guard.example/runtime/webhooks/eventgrid", headers, body: { string: typeof body === "string" ? body : JSON.stringify(body) } });
}

/** The emulator's Event Grid schema event, as Event Grid's CloudEvents schema would carry it. */
function cloudEvent(event: Record<string, unknown>, versionKey = "specversion") {
  return { id: event.id, source: event.topic, subject: event.subject, type: event.eventType, time: event.eventTime, data: event.data, [versionKey]: "1.0" };
}

/**
 * Event Grid reaches the service only through the resourceChanged trigger (the Functions host's
 * Event Grid extension in front of it); these drive the trigger through the local stand-in of
 * that extension, which is how the demo and the benchmarks receive the emulator's events.
 */
describe("Event Grid deliveries to the resourceChanged trigger", () => {
  let stack: GuardStack;
  const deliver = (request: HttpRequest, factory?: RuntimeFactory): Promise<HttpResponseInit> =>
    eventGridExtension(resourceChangedHandler(factory ?? stack.factory))(request, context("resourceChanged"));
  const userEvent = (i: number) => {
    stack.emulator.write(storageId(i), { tags: { owner: `team-${i}` } }, USER);
    return stack.emulator.events.at(-1)! as unknown as Record<string, unknown>;
  };

  beforeAll(async () => {
    stack = await startGuardStack({ emulator: { estate: reliabilityEstate(4), subscriptions: [SUBSCRIPTION] } });
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.drain());

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
    const response = await deliver(post(validation, { "content-type": "application/json", "aeg-event-type": "SubscriptionValidation" }));
    expect(response).toMatchObject({ status: 200, jsonBody: { validationResponse: "code-123" } });
  });

  it("answers the CloudEvents OPTIONS handshake, and refuses an OPTIONS that is not one", async () => {
    const handshake = await deliver(new HttpRequest({ method: "OPTIONS", url: "https://guard.example/runtime/webhooks/eventgrid", headers: { "webhook-request-origin": "eventgrid.azure.net" } }));
    expect(handshake).toMatchObject({ status: 200, headers: { "WebHook-Allowed-Origin": "eventgrid.azure.net" } });
    expect((await deliver(new HttpRequest({ method: "OPTIONS", url: "https://guard.example/runtime/webhooks/eventgrid" }))).status).toBe(400);
  });

  it("queues an Event Grid schema batch, one CloudEvent, and a CloudEvents batch (either version spelling)", async () => {
    expect(await deliver(post([userEvent(0), userEvent(1)]))).toMatchObject({ status: 200, jsonBody: { queued: 2, malformed: 0 } });
    expect(await deliver(post(cloudEvent(userEvent(2)), { "content-type": "application/cloudevents+json; charset=utf-8" }))).toMatchObject({ status: 200, jsonBody: { queued: 1 } });
    const batch = [cloudEvent(userEvent(3)), cloudEvent(userEvent(3), "specVersion")];
    expect(await deliver(post(batch, { "content-type": "application/cloudevents-batch+json" }))).toMatchObject({ status: 200, jsonBody: { queued: 2 } });
    const stats = await stack.drain();
    expect(stats).toMatchObject({ failed: 0, handled: 5 });
  });

  it("acknowledges a batch with malformed events (200, counted) so Event Grid does not retry them forever", async () => {
    const response = await deliver(post([userEvent(0), { id: "bad", eventType: "Microsoft.Resources.ResourceWriteSuccess", data: "nope" }, 17]));
    expect(response).toMatchObject({ status: 200, jsonBody: { queued: 1, malformed: 2 } });
  });

  it.each([["{not json"], ["42"]])("answers 400 problem+json to a body that is not events: %s", async (body) => {
    const response = await deliver(post(body));
    expect(response.status).toBe(400);
    expect((response.headers as Record<string, string>)["content-type"]).toBe("application/problem+json");
  });

  it("answers 413 to an oversized delivery and to one with too many events, queuing nothing", async () => {
    const event = userEvent(1);
    const huge = Array.from({ length: 20_000 }, (_, n) => ({ ...event, id: `flood-${n}` }));
    const oversized = await deliver(post(huge));
    expect(oversized).toMatchObject({ status: 413, jsonBody: { status: 413, title: "Body too large" } });
    const many = Array.from({ length: MAX_EVENTS_PER_DELIVERY + 1 }, (_, n) => ({ id: `e-${n}`, eventType: "Microsoft.Storage.BlobCreated", data: {} }));
    expect(await deliver(post(many))).toMatchObject({ status: 413, jsonBody: { title: "Too many events" } });
    expect(await stack.runtime.queue.depth()).toBe(0);
  });

  it("the intake refuses a delivery past its limit whole, and coalesces one resource's events into one work item", async () => {
    const event = userEvent(2);
    await expect(
      intake(
        stack.runtime,
        Array.from({ length: MAX_EVENTS_PER_DELIVERY + 1 }, (_, n) => ({ ...event, id: `x-${n}` })),
      ),
    ).rejects.toBeInstanceOf(DeliveryTooLarge);
    expect(await stack.runtime.queue.depth()).toBe(0);
    const outcome = await intake(
      stack.runtime,
      Array.from({ length: MAX_EVENTS_PER_DELIVERY }, (_, n) => ({ ...event, id: `same-${n}` })),
    );
    expect(outcome).toMatchObject({ queued: 1, coalesced: MAX_EVENTS_PER_DELIVERY - 1 });
    expect(await stack.runtime.queue.depth()).toBe(1);
  });

  it("ignores an event whose topic is not the resource's own subscription, and refuses an encoded id as malformed", async () => {
    const event = userEvent(3);
    const foreign = { ...event, id: "foreign", topic: "/subscriptions/9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a" };
    const encoded = { ...event, id: "encoded", data: { ...(event.data as object), resourceUri: storageId(3).replace("rg-app", "rg%2Dapp") }, subject: storageId(3).replace("rg-app", "rg%2Dapp") };
    const outcome = await intake(stack.runtime, [foreign, encoded]);
    expect(outcome).toMatchObject({
      queued: 0,
      ignored: [{ eventId: "foreign", reason: expect.stringContaining("not the system topic") }],
      malformed: [{ eventId: "encoded", reason: expect.stringContaining("percent sign") }],
    });
    expect(await stack.runtime.queue.depth()).toBe(0);
  });

  it("answers 503 when the queue cannot be written, so Event Grid delivers the batch again", async () => {
    const broken = { sendAll: () => Promise.reject(new Error("queue unavailable")) } as unknown as WorkQueue;
    const factory: RuntimeFactory = async (ctx) => ({ ...(await stack.factory(ctx)), queue: broken });
    const response = await deliver(post([userEvent(1)]), factory);
    expect(response.status).toBe(503);
  });
});
