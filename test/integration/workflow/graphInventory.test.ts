import type { EventGridEvent, Timer } from "@azure/functions";
import { afterEach, describe, expect, it } from "vitest";
import { resourceChangedHandler } from "../../../functions/resourceChanged.ts";
import { sweepHandler } from "../../../functions/sweepTimer.ts";
import { DEFAULT_POLICY } from "../../../shared/config/policy.ts";
import { valueAt } from "../../../shared/controls/index.ts";
import { graphQuery, moduleForType } from "../../../shared/resources/index.ts";
import { context, startGuardStack, USER, writesTo, type GuardStack } from "../../setup/stack.ts";
import { reliabilityEstate, storageId, SUBSCRIPTION } from "../reliability/estate.ts";

const timer: Timer = { isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: "", next: "", lastUpdated: "" } };
const HOUR = 3_600_000;
const TLS = "properties.minimumTlsVersion";
const storage = moduleForType("Microsoft.Storage/storageAccounts")!;
const isGraph = (path: string) => /\/providers\/Microsoft\.ResourceGraph\//i.test(path);

/** What Resource Graph answers for a storage account now: its (possibly stale) copy. */
async function graphCopy(stack: GuardStack, id: string) {
  const page = await stack.runtime.clients.graph.page(graphQuery(storage), { subscriptions: [SUBSCRIPTION] });
  return page.rows.find((row) => String(row.id).toLowerCase() === id.toLowerCase());
}

describe("sweeps from Resource Graph, which lags ARM", () => {
  let stack: GuardStack;
  afterEach(() => stack.stop());

  it("an event for a resource whose graph document is stale is judged and fixed from the ARM read", async () => {
    stack = await startGuardStack({ emulator: { estate: reliabilityEstate(1), subscriptions: [SUBSCRIPTION], graph: { lagMs: HOUR } } });
    // A person weakens the compliant account; the graph will not see it for an hour.
    const target = storageId(0).replace("stweak0", "stgood");
    stack.emulator.write(target, { properties: { minimumTlsVersion: "TLS1_0" } }, USER);
    expect(valueAt((await graphCopy(stack, target)) as never, TLS)).toBe("TLS1_2");

    await resourceChangedHandler(stack.factory)(stack.emulator.events.at(-1) as unknown as EventGridEvent, context("resourceChanged"));
    await stack.drain();

    expect(valueAt(stack.emulator.store.get(target), TLS)).toBe("TLS1_2");
    const action = (await stack.runtime.ledger.actions.list({ kind: "remediation", resourceId: target }))[0];
    expect(action).toMatchObject({ status: "applied", fix: { changes: [{ path: TLS, before: "TLS1_0", after: "TLS1_2" }] } });
    // The finding was made on the ARM read, not the graph's copy.
    expect((await stack.runtime.ledger.findings.ofResource(target)).find((f) => f.controlId === "storage.min-tls")?.evidence.source).toBeUndefined();
  });

  it("a finding from the graph says so, and its fix is planned on an ARM read: a stale weakness costs no write", async () => {
    stack = await startGuardStack({
      emulator: { estate: reliabilityEstate(2), subscriptions: [SUBSCRIPTION], graph: { lagMs: HOUR } },
      policy: { ...DEFAULT_POLICY, limits: { ...DEFAULT_POLICY.limits, maxSweepFixShare: 1 } },
    });
    // stweak0 was fixed by hand in ARM; the graph still has it on TLS 1.0. stweak1 is weak in both.
    const fixedByHand = storageId(0);
    const stillWeak = storageId(1);
    stack.emulator.store.merge(fixedByHand, { properties: { minimumTlsVersion: "TLS1_2" } });
    expect(valueAt((await graphCopy(stack, fixedByHand)) as never, TLS)).toBe("TLS1_0");
    stack.emulator.clearRequests();

    const queued = await sweepHandler(stack.factory)(timer, context("sweep"));
    await stack.drain();

    // The first pass judged the graph's copies and said where they came from.
    const totals = await stack.runtime.ledger.sweeps.totals(queued!.sweepId, { withFixTargets: true });
    const storageTargets = totals.fixTargets.map((t) => t.resourceId.toLowerCase()).filter((id) => id.includes("/microsoft.storage/"));
    expect(storageTargets.sort()).toEqual([fixedByHand, stillWeak].map((id) => id.toLowerCase()).sort());
    expect(stack.emulator.requests.some((r) => isGraph(r.path))).toBe(true);
    // The stale one: read from ARM, found compliant, never written.
    expect(writesTo(stack.emulator, fixedByHand)).toBe(0);
    const stale = (await stack.runtime.ledger.findings.ofResource(fixedByHand)).find((f) => f.controlId === "storage.min-tls");
    expect(stale).toMatchObject({ status: "compliant" });
    expect(stale?.evidence.source).toBeUndefined();
    // The weak one: its write comes after a GET of it from ARM.
    const requests = stack.emulator.requests.map((r) => ({ method: r.method, path: r.path.toLowerCase() }));
    const write = requests.findIndex((r) => r.method === "PATCH" && r.path === stillWeak.toLowerCase());
    expect(write).toBeGreaterThan(0);
    expect(requests.slice(0, write).some((r) => r.method === "GET" && r.path === stillWeak.toLowerCase())).toBe(true);
    expect(valueAt(stack.emulator.store.get(stillWeak), TLS)).toBe("TLS1_2");
  });

  it("records the graph as the source of what only the first pass saw", async () => {
    stack = await startGuardStack({ emulator: { estate: reliabilityEstate(1), subscriptions: [SUBSCRIPTION] }, policy: { ...DEFAULT_POLICY, defaultMode: "audit" } });
    await sweepHandler(stack.factory)(timer, context("sweep"));
    await stack.drain();
    const findings = await stack.runtime.ledger.findings.ofResource(storageId(0));
    expect(findings.find((f) => f.controlId === "storage.min-tls")).toMatchObject({ status: "noncompliant", evidence: { source: "resource-graph", actual: "TLS1_0" } });
    // Nothing was listed through ARM for the types the graph holds.
    expect(stack.emulator.requests.filter((r) => r.method === "GET" && /\/providers\/Microsoft\.Storage\/storageAccounts$/i.test(r.path))).toEqual([]);
  });
});
