import { describe, expect, it } from "vitest";
import { eventTopicFromSettings, findingChangeEvents, remediationEvent } from "../../../shared/publish/index.ts";
import type { ActionRecord } from "../../../shared/store/types.ts";
import { STORAGE_ID, tlsFinding } from "./samples.ts";

const AT = new Date("2026-03-01T12:00:00Z");

describe("finding events", () => {
  it("open on the way into non-compliance and resolve on the way out; a status that stays says nothing", () => {
    const events = findingChangeEvents(
      [
        { after: tlsFinding() },
        { before: "compliant", after: tlsFinding({ controlId: "storage.cmk" }) },
        { before: "noncompliant", after: tlsFinding({ controlId: "storage.https-only" }) },
        { before: "noncompliant", after: tlsFinding({ controlId: "storage.infrastructure-encryption", status: "exempt", reason: "legacy" }) },
        { before: "compliant", after: tlsFinding({ controlId: "x.same", status: "compliant" }) },
        { before: "noncompliant", after: tlsFinding({ controlId: "x.unknown", status: "unknown" }) },
      ],
      AT,
    );
    expect(events.map((e) => [e.eventType, (e.data as { controlId: string }).controlId])).toEqual([
      ["EncryptionGuard.FindingOpened", "storage.min-tls"],
      ["EncryptionGuard.FindingOpened", "storage.cmk"],
      ["EncryptionGuard.FindingResolved", "storage.infrastructure-encryption"],
    ]);
    expect(events[1]!.data).toMatchObject({ previousStatus: "compliant" });
    expect(events[2]!.data).toMatchObject({ resolution: "exempt", reason: "legacy" });
  });

  it("carry the same id for the same fact, so a subscriber can drop a duplicate delivery", () => {
    const [first] = findingChangeEvents([{ after: tlsFinding() }], AT);
    const [again] = findingChangeEvents([{ after: tlsFinding({ resourceId: STORAGE_ID.toUpperCase() }) }], AT);
    const [later] = findingChangeEvents([{ after: tlsFinding() }], new Date(AT.getTime() + 1));
    expect(again!.id).toBe(first!.id);
    expect(later!.id).not.toBe(first!.id);
  });

  it("exist only for remediations that were applied, failed or not confirmed", () => {
    const base: ActionRecord = {
      id: "a",
      kind: "remediation",
      status: "applied",
      resourceId: STORAGE_ID,
      controlId: "storage.min-tls",
      actor: "g",
      correlationId: "c",
      startedAt: AT.toISOString(),
      finding: tlsFinding(),
    };
    expect(remediationEvent(base)?.eventType).toBe("EncryptionGuard.RemediationApplied");
    expect(remediationEvent({ ...base, status: "not-confirmed" })?.eventType).toBe("EncryptionGuard.RemediationFailed");
    for (const status of ["planned", "already-compliant", "intent"] as const) expect(remediationEvent({ ...base, status })).toBeUndefined();
    expect(remediationEvent({ ...base, kind: "ticket", status: "pending" })).toBeUndefined();
  });

  it("publishes an applied rollback with the fix it undid and the Approver's reason", () => {
    const rollback: ActionRecord = {
      id: "r",
      kind: "rollback",
      status: "applied",
      resourceId: STORAGE_ID,
      controlId: "storage.min-tls",
      actor: "user:bob",
      correlationId: "c",
      startedAt: AT.toISOString(),
      finding: tlsFinding(),
      rollbackOf: "a",
      reason: "legacy client",
    };
    expect(remediationEvent(rollback)).toMatchObject({ eventType: "EncryptionGuard.RollbackApplied", data: { actionId: "r", rollbackOf: "a", reason: "legacy client", actor: "user:bob" } });
    expect(remediationEvent({ ...rollback, status: "planned" })).toBeUndefined();
  });
});

describe("topic settings", () => {
  const credential = () => ({ getToken: async () => null });

  it("are optional, take a key when given and the service's identity otherwise", () => {
    expect(eventTopicFromSettings({}, credential)).toBeUndefined();
    expect(eventTopicFromSettings({ GUARD_EVENTS_TOPIC_ENDPOINT: "https://t.westeurope-1.eventgrid.azure.net/api/events", GUARD_EVENTS_TOPIC_KEY: "k" }, credential)).toEqual({
      endpoint: "https://t.westeurope-1.eventgrid.azure.net/api/events",
      schema: "EventGrid",
      key: "k",
    });
    expect(eventTopicFromSettings({ GUARD_EVENTS_TOPIC_ENDPOINT: "https://t/api/events", GUARD_EVENTS_TOPIC_SCHEMA: "CloudEvent" }, credential)).toMatchObject({
      schema: "CloudEvent",
      credential: expect.any(Object),
    });
  });

  it("refuse a plain http endpoint and an unknown schema, naming the setting", () => {
    expect(() => eventTopicFromSettings({ GUARD_EVENTS_TOPIC_ENDPOINT: "http://t/api/events" }, credential)).toThrow("GUARD_EVENTS_TOPIC_ENDPOINT must be an https:// URL");
    expect(() => eventTopicFromSettings({ GUARD_EVENTS_TOPIC_ENDPOINT: "https://t/api/events", GUARD_EVENTS_TOPIC_SCHEMA: "Custom" }, credential)).toThrow(
      "GUARD_EVENTS_TOPIC_SCHEMA must be EventGrid or CloudEvent",
    );
  });
});
