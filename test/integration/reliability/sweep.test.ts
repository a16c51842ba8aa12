import type { Timer } from "@azure/functions";
import { afterEach, describe, expect, it } from "vitest";
import { generateEstate } from "../../../emulator/index.ts";
import { sweepHandler } from "../../../functions/sweepTimer.ts";
import { RESOURCES } from "../../../shared/resources/index.ts";
import { SteppingClock } from "../../../shared/azure/index.ts";
import { DEFAULT_POLICY, type Policy } from "../../../shared/config/policy.ts";
import { valueAt } from "../../../shared/controls/index.ts";
import { SWEEP_SHARE_ALERT } from "../../../shared/guards/index.ts";
import { queryAll, type ActionRecord } from "../../../shared/store/index.ts";
import { sweep } from "../../../shared/workflow/index.ts";
import { context, startGuardStack, writesTo, type GuardStack } from "../../setup/stack.ts";
import { ids, reliabilityEstate, storageId, SUBSCRIPTION } from "./estate.ts";

const timer: Timer = { isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: "", next: "", lastUpdated: "" } };
const sharePolicy: Policy = { ...DEFAULT_POLICY, limits: { ...DEFAULT_POLICY.limits, maxSweepFixShare: 0.25 } };

async function tickets(stack: GuardStack): Promise<ActionRecord[]> {
  const rows = await queryAll(stack.runtime.ledger.tables.open("actions"), {});
  const actions = await Promise.all(rows.map(async (r) => (await stack.runtime.ledger.actions.get(r.partition))!.action));
  return actions.filter((a) => a.kind === "ticket");
}

describe("sweeps", () => {
  let stack: GuardStack;
  afterEach(() => stack.stop());

  it("the timer queues one shard per subscription and resource type; the workers list, evaluate, then fix what is due", async () => {
    stack = await startGuardStack({ emulator: { estate: reliabilityEstate(3), subscriptions: [SUBSCRIPTION], pageSize: 2 } });
    const queued = await sweepHandler(stack.factory)(timer, context("sweep"));
    expect(queued?.shards).toBe(RESOURCES.length);
    await stack.drain();
    for (let i = 0; i < 3; i++) expect(valueAt(stack.emulator.store.get(storageId(i)), "properties.minimumTlsVersion")).toBe("TLS1_2");
    expect(valueAt(stack.emulator.store.get(ids.tde), "properties.state")).toBe("Enabled");
    expect(valueAt(stack.emulator.store.get(ids.site), "properties.httpsOnly")).toBe(true);
    // Every resource of the listing (two a page) was evaluated and recorded.
    const totals = await stack.runtime.ledger.sweeps.totals(queued!.sweepId, { withFixTargets: true });
    expect(totals).toMatchObject({ shardsDone: totals.shards, resources: 7, errors: 0 });
    expect(totals.fixTargets).toHaveLength(5);
    expect((await stack.runtime.ledger.findings.ofResource(ids.goodStorage)).find((f) => f.controlId === "storage.min-tls")?.status).toBe("compliant");

    // A second sweep finds nothing to do.
    stack.emulator.clearRequests();
    await sweepHandler(stack.factory)(timer, context("sweep"));
    await stack.drain();
    expect(writesTo(stack.emulator)).toBe(0);
  });

  it("a sharded sweep that would fix more than maxSweepFixShare of the estate fixes nothing and asks once", async () => {
    stack = await startGuardStack({ emulator: { estate: reliabilityEstate(12), subscriptions: [SUBSCRIPTION] }, policy: sharePolicy });
    await sweepHandler(stack.factory)(timer, context("sweep"));
    await stack.drain();
    expect(writesTo(stack.emulator)).toBe(0);
    const alerts = (await stack.runtime.ledger.findings.list({ controlId: SWEEP_SHARE_ALERT })).findings;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.evidence.actual).toMatchObject({ resources: 16, fixesDue: 14, byControl: { "storage.min-tls": 12 } });
    const asked = (await tickets(stack)).filter((t) => t.controlId === SWEEP_SHARE_ALERT);
    expect(asked).toHaveLength(1);
    expect(asked[0]?.reason).toContain("would fix 14 of 16 resources");
  });

  it("the in-process sweep (CLI, demo) holds its fixes past the share cap too", async () => {
    stack = await startGuardStack({ emulator: { estate: reliabilityEstate(12), subscriptions: [SUBSCRIPTION] }, policy: sharePolicy });
    const outcome = await sweep(stack.runtime, [SUBSCRIPTION]);
    expect(outcome.held).toContain("limits.maxSweepFixShare");
    expect(outcome.actions.filter((a) => a.kind === "remediation")).toEqual([]);
    expect(writesTo(stack.emulator)).toBe(0);
  });

  it("under ARM's token bucket the sweep paces its reads from the rate-limit headers and is never throttled", async () => {
    // One stepping clock for the bucket and the pacer: the outcome cannot depend on how busy the machine is.
    const clock = new SteppingClock();
    stack = await startGuardStack({
      clock,
      // Generated estates have databases and sites, whose TDE and config/web cost a read each.
      emulator: { estate: generateEstate(100, [SUBSCRIPTION], 3), subscriptions: [SUBSCRIPTION], throttle: { reads: { burst: 10, perSecond: 50 }, writes: { burst: 200, perSecond: 10 } } },
      policy: { ...DEFAULT_POLICY, defaultMode: "audit" },
    });
    const pacer = stack.pacer;
    const outcome = await sweep(stack.runtime, [SUBSCRIPTION], { concurrency: 16, source: "arm" });
    expect(outcome.errors).toEqual([]);
    expect(outcome.resources).toBeGreaterThan(50);
    const throttled = stack.emulator.requests.filter((r) => r.status === 429).length;
    expect(pacer.stats.waits).toBeGreaterThan(0);
    expect(clock.slept.length).toBeGreaterThan(0);
    expect(throttled).toBe(0);
    expect(pacer.stats.throttled).toBe(0);
    // Nothing above depends on time; the limit only lets a machine this busy finish the work.
  }, 240_000);
});
