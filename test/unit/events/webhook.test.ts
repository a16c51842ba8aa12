import { describe, expect, it } from "vitest";
import { cloudEventsHandshake, readWebhookBody } from "../../../shared/events/index.ts";
import { resourceWriteEvent } from "../../fixtures/events.ts";

/** Shaped like the handshake Event Grid posts to a new webhook subscription (Event Grid schema). */
const validationEvent = {
  id: "7c1b0e5d-4a2f-4c1e-9a0b-2f3e4d5c6b7a",
  topic: "/subscriptions/1b2c3d4e-0000-4000-8000-00000000abcd",
  subject: "",
  data: { validationCode: "0f4a6c2e-1b3d-4e5f-8a9b-7c6d5e4f3a2b", validationUrl: "https://rp-westeurope.eventgrid.azure.net/eventsubscriptions/guard/validate?id=1&token=abc" },
  eventType: "Microsoft.EventGrid.SubscriptionValidationEvent",
  eventTime: "2026-01-05T10:00:00Z",
  metadataVersion: "1",
  dataVersion: "1",
};

describe("readWebhookBody", () => {
  it("answers the subscription validation handshake with its code", () => {
    expect(readWebhookBody([validationEvent])).toEqual({ kind: "validation", validationCode: validationEvent.data.validationCode });
  });

  it("refuses a validation event without a code", () => {
    expect(readWebhookBody([{ ...validationEvent, data: {} }])).toMatchObject({ kind: "invalid" });
  });

  it("takes an Event Grid schema array, a CloudEvents batch, or one CloudEvent", () => {
    const event = resourceWriteEvent("/subscriptions/1b2c3d4e-0000-4000-8000-00000000abcd/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1");
    expect(readWebhookBody([event, event])).toEqual({ kind: "events", events: [event, event] });
    const cloudEvent = { specversion: "1.0", type: event.eventType, id: event.id, source: event.topic, subject: event.subject, data: event.data };
    expect(readWebhookBody(cloudEvent)).toEqual({ kind: "events", events: [cloudEvent] });
  });

  it.each([["a string"], [42], [null]])("refuses %j", (body) => {
    expect(readWebhookBody(body)).toMatchObject({ kind: "invalid", reason: expect.stringContaining("JSON array") });
  });
});

describe("cloudEventsHandshake", () => {
  it("allows the origin that asked", () => {
    expect(cloudEventsHandshake("eventgrid.azure.net")).toEqual({ "WebHook-Allowed-Origin": "eventgrid.azure.net", "WebHook-Allowed-Rate": "*" });
  });

  it("is not a handshake without the request origin", () => {
    expect(cloudEventsHandshake(null)).toBeUndefined();
    expect(cloudEventsHandshake("  ")).toBeUndefined();
  });
});
