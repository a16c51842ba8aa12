import type { EventGridEvent, Timer } from "@azure/functions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resourceChangedHandler } from "../../../functions/resourceChanged.ts";
import { sweepHandler } from "../../../functions/sweepTimer.ts";
import { valueAt } from "../../../shared/controls/index.ts";
import type { WorkItem } from "../../../shared/queue/index.ts";
import { context, startGuardStack, USER, writesTo, type GuardStack } from "../../setup/stack.ts";
import { reliabilityEstate, storageId, SUBSCRIPTION } from "./estate.ts";

const timer: Timer = { isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: "", next: "", lastUpdated: "" } };

describe("poison messages", () => {
  let stack: GuardStack;
  beforeAll(async () => {
    stack = await startGuardStack({ emulator: { estate: reliabilityEstate(2), subscriptions: [SUBSCRIPTION] }, env: { GUARD_MAX_DEQUEUE_COUNT: "3" } });
  });
  afterAll(() => stack.stop());

  it("a work item that keeps failing lands in the poison queue with the reason after the configured dequeue count, and its resource is flagged", async () => {
    stack.emulator.write(storageId(0), { tags: { owner: "team-a" } }, USER);
    await resourceChangedHandler(stack.factory)(stack.emulator.events.at(-1) as unknown as EventGridEvent, context());
    // ARM keeps failing for longer than the SDK's own retries last.
    stack.emulator.faults.set({ rate: 1, kinds: ["500"] });
    const stats = await stack.drain();
    stack.emulator.faults.set(undefined);
    expect(stats).toMatchObject({ failed: 2, handled: 1, poisonedUnhandled: 0 });
    const [poisoned] = await stack.runtime.queue.poisoned();
    expect(poisoned).toMatchObject({ dequeueCount: 3, message: { kind: "resource", resourceId: storageId(0) } });
    expect(poisoned?.reason).toMatch(/500|InternalServerError/);
    expect(await stack.runtime.ledger.flags.list(SUBSCRIPTION)).toEqual([expect.objectContaining({ resourceId: storageId(0) })]);
    expect(writesTo(stack.emulator, storageId(0))).toBe(0);
  });

  it("the next sweep queues the flagged resource again, fixes it and clears the flag", async () => {
    const queued = await sweepHandler(stack.factory)(timer, context("sweep"));
    expect(queued).toMatchObject({ flagged: 1 });
    await stack.drain();
    expect(valueAt(stack.emulator.store.get(storageId(0)), "properties.minimumTlsVersion")).toBe("TLS1_2");
    expect(await stack.runtime.ledger.flags.list(SUBSCRIPTION)).toEqual([]);
  });

  it("a message that is not a work item goes to the poison queue at once, without retries", async () => {
    await stack.runtime.queue.send({ kind: "resource", key: "k" } as unknown as WorkItem);
    const stats = await stack.drain();
    expect(stats).toMatchObject({ failed: 0, handled: 1 });
    const records = await stack.runtime.queue.poisoned();
    expect(records.at(-1)).toMatchObject({ dequeueCount: 1 });
    expect(records.at(-1)?.reason).toMatch(/^malformed work item: .*resourceId/);
  });
});
