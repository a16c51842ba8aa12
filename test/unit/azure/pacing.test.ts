import { describe, expect, it } from "vitest";
import { bucketOf, RatePacer } from "../../../shared/azure/pacing.ts";

/** A clock that only moves when the pacer sleeps, so the pacing is exact and takes no time. */
function virtualClock() {
  let now = 0;
  const slept: number[] = [];
  return { now: () => now, sleep: async (ms: number) => void (slept.push(ms), (now += ms)), slept };
}

describe("RatePacer", () => {
  it("lets requests go freely until ARM has said how many tokens are left", async () => {
    const clock = virtualClock();
    const pacer = new RatePacer({ rates: { reads: 10 }, reserve: 0, ...clock });
    for (let i = 0; i < 50; i++) await pacer.acquire("sub", "reads");
    expect(clock.slept).toEqual([]);
  });

  it("spends what the header reports, then goes at the refill rate", async () => {
    const clock = virtualClock();
    const pacer = new RatePacer({ rates: { reads: 10 }, reserve: 0, ...clock });
    await pacer.acquire("sub", "reads");
    pacer.observe("sub", "reads", 3);
    for (let i = 0; i < 3; i++) await pacer.acquire("sub", "reads");
    expect(clock.slept).toEqual([]);
    for (let i = 0; i < 10; i++) await pacer.acquire("sub", "reads");
    // Ten more tokens at 10 per second: one second, spread over the requests.
    expect(clock.now()).toBeGreaterThanOrEqual(1000);
    expect(clock.now()).toBeLessThan(1200);
    expect(pacer.stats.waits).toBe(10);
  });

  it("keeps a reserve for the subscription's other callers", async () => {
    const clock = virtualClock();
    const pacer = new RatePacer({ rates: { reads: 10 }, reserve: 5, ...clock });
    await pacer.acquire("sub", "reads");
    pacer.observe("sub", "reads", 6);
    await pacer.acquire("sub", "reads");
    expect(clock.slept).toEqual([]);
    await pacer.acquire("sub", "reads");
    expect(clock.slept.length).toBeGreaterThan(0);
  });

  it("after a 429 waits out the Retry-After before the next request of that bucket only", async () => {
    const clock = virtualClock();
    const pacer = new RatePacer({ rates: { reads: 10, writes: 10 }, reserve: 0, ...clock });
    await pacer.acquire("sub", "reads");
    pacer.observe("sub", "reads", undefined, 2);
    await pacer.acquire("other-sub", "reads");
    await pacer.acquire("sub", "writes");
    expect(clock.now()).toBe(0);
    await pacer.acquire("sub", "reads");
    expect(clock.now()).toBeGreaterThanOrEqual(2000);
    expect(pacer.stats.throttled).toBe(1);
  });

  it("refuses a rate that is not positive", () => {
    expect(() => new RatePacer({ rates: { writes: 0 } })).toThrow("writes must be above 0");
  });
});

describe("bucketOf", () => {
  it.each([
    ["https://management.azure.com/subscriptions/ABC/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts?api-version=1", "GET", "abc", "reads"],
    ["https://management.azure.com/subscriptions/abc/providers/Microsoft.Sql/servers/s/databases/d?api-version=1", "PATCH", "abc", "writes"],
    ["https://management.azure.com/subscriptions?api-version=2022-12-01", "GET", "tenant", "reads"],
  ])("%s %s draws from %s %s", (url, method, scope, kind) => {
    expect(bucketOf(url, method)).toEqual({ scope, kind });
  });
});
