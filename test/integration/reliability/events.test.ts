import type { EventGridEvent } from "@azure/functions";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resourceChangedHandler } from "../../../functions/resourceChanged.ts";
import { valueAt } from "../../../shared/controls/index.ts";
import { scanTarget, targetOf } from "../../../shared/workflow/index.ts";
import { context, startGuardStack, USER, writesTo, type GuardStack } from "../../setup/stack.ts";
import { ids, reliabilityEstate, storageId, SUBSCRIPTION } from "./estate.ts";

describe("event path: duplicates, reordering, own writes and child resources", () => {
  let stack: GuardStack;
  const deliver = (event: unknown) => resourceChangedHandler(stack.factory)(event as EventGridEvent, context("resourceChanged"));
  const lastEvent = () => stack.emulator.events.at(-1)!;

  beforeAll(async () => {
    stack = await startGuardStack({ emulator: { estate: reliabilityEstate(4, { postgres: true }), subscriptions: [SUBSCRIPTION] } });
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.emulator.clearRequests());

  it("a duplicated event is worked once: one fix, one re-read, nothing for the copies", async () => {
    stack.emulator.write(storageId(0), { tags: { owner: "team-a" } }, USER);
    const event = lastEvent();
    for (let i = 0; i < 3; i++) await deliver(event);
    const stats = await stack.drain();
    expect(stats.handled).toBe(3);
    expect(writesTo(stack.emulator, storageId(0))).toBe(1);
    expect(valueAt(stack.emulator.store.get(storageId(0)), "properties.minimumTlsVersion")).toBe("TLS1_2");
    // The read, the read under the write lease, the confirming re-read: the copies were dropped
    // by the idempotency key before any ARM read.
    const reads = stack.emulator.requests.filter((r) => r.method === "GET" && r.path.toLowerCase() === storageId(0).toLowerCase());
    expect(reads).toHaveLength(3);
  });

  it("distinct events for one resource worked at the same time still make one write (the write lease, then a read under it)", async () => {
    for (let i = 0; i < 8; i++) {
      stack.emulator.write(storageId(3), { tags: { round: String(i) } }, USER);
      await deliver(lastEvent());
    }
    stack.emulator.store.put({ ...stack.emulator.store.get(storageId(3))!, properties: { ...stack.emulator.store.get(storageId(3))!.properties, minimumTlsVersion: "TLS1_0" } });
    stack.emulator.clearRequests();
    await stack.drain({ concurrency: 8 });
    expect(writesTo(stack.emulator, storageId(3))).toBe(1);
  });

  it("a sweep working from a listing older than an event's fix reads again under the write lease and writes nothing", async () => {
    const stale = stack.emulator.store.get(storageId(3))!;
    stack.emulator.store.put({ ...stale, properties: { ...stale.properties, minimumTlsVersion: "TLS1_0" } });
    const listing = stack.emulator.store.get(storageId(3))!;
    stack.emulator.write(storageId(3), { tags: { owner: "team-c" } }, USER);
    await deliver(lastEvent());
    await stack.drain();
    stack.emulator.clearRequests();
    const target = targetOf(stack.runtime, storageId(3))!;
    const outcome = await scanTarget(stack.runtime, target, { listed: listing });
    expect(outcome.findings.find((f) => f.controlId === "storage.min-tls")?.status).toBe("noncompliant");
    expect(outcome.actions.filter((a) => a.kind === "remediation")).toEqual([]);
    expect(writesTo(stack.emulator)).toBe(0);
  });

  it("events in any order end in the same state: the resource is re-read, never trusted from the event", async () => {
    stack.emulator.write(storageId(1), { properties: { minimumTlsVersion: "TLS1_1" } }, USER);
    const older = lastEvent();
    stack.emulator.write(storageId(1), { properties: { supportsHttpsTrafficOnly: false } }, USER);
    const newer = lastEvent();
    await deliver(newer);
    await deliver(older);
    await stack.drain();
    const doc = stack.emulator.store.get(storageId(1));
    expect(valueAt(doc, "properties.minimumTlsVersion")).toBe("TLS1_2");
    expect(valueAt(doc, "properties.supportsHttpsTrafficOnly")).toBe(true);
    // Both fixes went out as one write; the second event found the desired state.
    expect(writesTo(stack.emulator, storageId(1))).toBe(1);
  });

  it("the event of our own write is verified, never acted on: no second write and no loop", async () => {
    stack.emulator.write(storageId(2), { tags: { owner: "team-b" } }, USER);
    await deliver(lastEvent());
    await stack.drain();
    expect(writesTo(stack.emulator, storageId(2))).toBe(1);
    const ownEvent = lastEvent();
    expect((ownEvent.data.claims as Record<string, string>).appid).toBe(stack.runtime.identity?.appId);
    // Someone reverts it at once; our own event arrives after: it is only verified.
    stack.emulator.store.put({ ...stack.emulator.store.get(storageId(2))!, properties: { ...stack.emulator.store.get(storageId(2))!.properties, minimumTlsVersion: "TLS1_0" } });
    stack.emulator.clearRequests();
    const outcome = await deliver(ownEvent);
    expect(outcome).toMatchObject({ queued: 1, verifyOnly: 1 });
    await stack.drain();
    expect(writesTo(stack.emulator)).toBe(0);
    const findings = await stack.runtime.ledger.findings.ofResource(storageId(2));
    expect(findings.find((f) => f.controlId === "storage.min-tls")?.status).toBe("noncompliant");
  });

  it("a flexible server parameter's event re-evaluates that parameter", async () => {
    stack.emulator.write(ids.postgresSecureTransport, { properties: { value: "off" } }, USER);
    await expect(deliver(lastEvent())).resolves.toMatchObject({ queued: 1 });
    await stack.drain();
    expect(valueAt(stack.emulator.store.get(ids.postgresSecureTransport), "properties.value")).toBe("on");
  });

  it("a child's event re-evaluates its parent: TDE setting -> database, config/web -> site", async () => {
    stack.emulator.write(ids.tde, { properties: { state: "Disabled" } }, USER);
    await deliver(lastEvent());
    stack.emulator.write(ids.siteConfig, { properties: { minTlsVersion: "1.0" } }, USER);
    await deliver(lastEvent());
    await stack.drain();
    expect(valueAt(stack.emulator.store.get(ids.tde), "properties.state")).toBe("Enabled");
    expect(valueAt(stack.emulator.store.get(ids.siteConfig), "properties.minTlsVersion")).toBe("1.2");
    expect(valueAt(stack.emulator.store.get(ids.site), "properties.httpsOnly")).toBe(true);
  });

  it("malformed and foreign events are acknowledged without touching the queue or ARM", async () => {
    const outcomes = [
      await deliver({ id: "x", eventType: "Microsoft.Resources.ResourceWriteSuccess", data: {} }),
      await deliver({ id: "y", eventType: "Microsoft.Resources.ResourceWriteSuccess", data: { resourceUri: "not-an-id", operationName: "Microsoft.Storage/storageAccounts/write" } }),
      await deliver("not even an object"),
      await deliver({ id: "z", eventType: "Microsoft.Storage.BlobCreated", data: {} }),
      await deliver({
        ...lastEvent(),
        id: "w",
        subject: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-app/providers/Microsoft.Network/virtualNetworks/vnet`,
        data: {
          ...lastEvent().data,
          resourceUri: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-app/providers/Microsoft.Network/virtualNetworks/vnet`,
          operationName: "Microsoft.Network/virtualNetworks/write",
        },
      }),
    ];
    expect(outcomes.map((o) => [o.queued, o.malformed.length, o.ignored.length])).toEqual([
      [0, 1, 0],
      [0, 1, 0],
      [0, 1, 0],
      [0, 0, 1],
      [0, 0, 1],
    ]);
    expect(await stack.runtime.queue.depth()).toBe(0);
    expect(stack.emulator.requests).toHaveLength(0);
  });
});
