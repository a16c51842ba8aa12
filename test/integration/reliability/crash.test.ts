import type { EventGridEvent } from "@azure/functions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RuntimeFactory } from "../../../functions/hostRuntime.ts";
import { resourceChangedHandler } from "../../../functions/resourceChanged.ts";
import { asQueueTrigger } from "../../../dev/localHost.ts";
import { workerHandler } from "../../../functions/worker.ts";
import { valueAt } from "../../../shared/controls/index.ts";
import { drainQueue } from "../../../shared/queue/index.ts";
import { queryAll, type ActionRecord, type Recorder } from "../../../shared/store/index.ts";
import { context, startGuardStack, USER, writesTo, type GuardStack } from "../../setup/stack.ts";
import { reliabilityEstate, storageId, SUBSCRIPTION } from "./estate.ts";

class WorkerKilled extends Error {}

/** Lets the write happen, then dies before the outcome reaches the ledger, once. */
function dyingAfterTheWrite(ledger: Recorder): Recorder & { died: boolean } {
  return {
    died: false,
    recordFindings: (findings, at) => ledger.recordFindings(findings, at),
    async recordAction(action: ActionRecord) {
      if (!this.died && action.kind === "remediation" && action.status !== "intent") {
        this.died = true;
        throw new WorkerKilled("killed between the ARM write and the ledger update");
      }
      await ledger.recordAction(action);
    },
  };
}

describe("a worker killed between the ARM write and the ledger update", () => {
  let stack: GuardStack;
  beforeAll(async () => {
    stack = await startGuardStack({ emulator: { estate: reliabilityEstate(1), subscriptions: [SUBSCRIPTION] } });
  });
  afterAll(() => stack.stop());

  it("the redelivered message settles the interrupted action from a re-read, without a second write", async () => {
    const id = storageId(0);
    stack.emulator.write(id, { tags: { owner: "team-a" } }, USER);
    await resourceChangedHandler(stack.factory)(stack.emulator.events.at(-1) as unknown as EventGridEvent, context());
    const recorder = dyingAfterTheWrite(stack.runtime.ledger);
    const dying: RuntimeFactory = async (ctx) => ({ ...(await stack.factory(ctx)), recorder });
    const stats = await drainQueue(stack.runtime.queue, asQueueTrigger(workerHandler(dying)), { retryDelaySeconds: 0, idleMs: 50 });

    expect(recorder.died).toBe(true);
    expect(stats).toMatchObject({ failed: 1, handled: 1 });
    expect(writesTo(stack.emulator, id)).toBe(1);
    expect(valueAt(stack.emulator.store.get(id), "properties.minimumTlsVersion")).toBe("TLS1_2");
    const rows = await queryAll(stack.runtime.ledger.tables.open("actions"), {});
    const actions = await Promise.all(rows.map(async (r) => (await stack.runtime.ledger.actions.get(r.partition))!.action));
    const fixes = actions.filter((a) => a.kind === "remediation");
    expect(fixes).toHaveLength(1);
    expect(fixes[0]).toMatchObject({ status: "applied", controlId: "storage.min-tls", after: { "properties.minimumTlsVersion": "TLS1_2" } });
    expect(fixes[0]?.reconciledAt).toBeDefined();
    expect((await stack.runtime.ledger.fixes.ofTarget(id)).leases).toEqual([]);
  });
});
