import type { EventGridEvent } from "@azure/functions";
import { afterEach, describe, expect, it } from "vitest";
import { resourceChangedHandler } from "../../../functions/resourceChanged.ts";
import { DEFAULT_POLICY, type Policy } from "../../../shared/config/policy.ts";
import { valueAt } from "../../../shared/controls/index.ts";
import { BLAST_RADIUS_ALERT } from "../../../shared/guards/index.ts";
import type { ActionRecord } from "../../../shared/store/index.ts";
import { queryAll } from "../../../shared/store/index.ts";
import { context, startGuardStack, USER, writesTo, type GuardStack } from "../../setup/stack.ts";
import { reliabilityEstate, storageId, SUBSCRIPTION } from "./estate.ts";

const withLimits = (limits: Partial<Policy["limits"]>): Policy => ({ ...DEFAULT_POLICY, limits: { ...DEFAULT_POLICY.limits, ...limits } });

async function allActions(stack: GuardStack): Promise<ActionRecord[]> {
  const rows = await queryAll(stack.runtime.ledger.tables.open("actions"), {});
  return (await Promise.all(rows.map((r) => stack.runtime.ledger.actions.get(r.partition)))).map((found) => found!.action);
}

describe("guards", () => {
  let stack: GuardStack;
  afterEach(() => stack.stop());
  const deliver = (event: unknown) => resourceChangedHandler(stack.factory)(event as EventGridEvent, context("resourceChanged"));

  it("drift loop: a fix that keeps being undone stops after maxAttemptsPerResourceControl and becomes a ticket with an exception mark", async () => {
    stack = await startGuardStack({ emulator: { estate: reliabilityEstate(1), subscriptions: [SUBSCRIPTION] }, policy: withLimits({ maxAttemptsPerResourceControl: 2 }) });
    const id = storageId(0);
    for (let round = 1; round <= 4; round++) {
      // Someone (a pipeline, another tool) sets it back each time.
      stack.emulator.write(id, { properties: { minimumTlsVersion: "TLS1_0" } }, USER);
      await deliver(stack.emulator.events.at(-1));
      await stack.drain();
    }
    // Rounds 1 and 2 fixed it; rounds 3 and 4 did not write.
    expect(writesTo(stack.emulator, id)).toBe(2);
    expect(valueAt(stack.emulator.store.get(id), "properties.minimumTlsVersion")).toBe("TLS1_0");
    const tickets = (await allActions(stack)).filter((a) => a.kind === "ticket" && a.controlId === "storage.min-tls");
    expect(tickets).toHaveLength(2);
    expect(tickets.every((t) => t.exception?.kind === "drift")).toBe(true);
    const finding = (await stack.runtime.ledger.findings.ofResource(id)).find((f) => f.controlId === "storage.min-tls");
    expect(finding).toMatchObject({ status: "noncompliant", decision: "ticket", exception: { kind: "drift" } });
    expect(finding?.reason).toContain("maxAttemptsPerResourceControl 2");
  });

  it("blast radius: past the cap per subscription and window the breaker opens, fixes become tickets and one alert finding is raised", async () => {
    stack = await startGuardStack({ emulator: { estate: reliabilityEstate(5), subscriptions: [SUBSCRIPTION] }, policy: withLimits({ maxFixesPerWindow: 10, maxFixesPerSubscriptionPerWindow: 2 }) });
    for (let i = 0; i < 5; i++) {
      stack.emulator.write(storageId(i), { tags: { touched: "yes" } }, USER);
      await deliver(stack.emulator.events.at(-1));
    }
    await stack.drain({ concurrency: 4 });
    expect(writesTo(stack.emulator)).toBe(2);
    const actions = await allActions(stack);
    expect(actions.filter((a) => a.kind === "remediation" && a.status === "applied")).toHaveLength(2);
    const held = actions.filter((a) => a.kind === "ticket" && a.controlId === "storage.min-tls");
    expect(held).toHaveLength(3);
    expect(held.every((t) => t.reason?.startsWith("blast-radius breaker open"))).toBe(true);
    const alerts = (await stack.runtime.ledger.findings.list({ controlId: BLAST_RADIUS_ALERT })).findings;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ resourceId: `/subscriptions/${SUBSCRIPTION}`, status: "noncompliant", evidence: { path: "limits.maxFixesPerSubscriptionPerWindow" } });
  });
});
