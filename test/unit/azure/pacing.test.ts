import { describe, expect, it } from "vitest";
import { SteppingClock } from "../../../shared/azure/clock.ts";
import { bucketOf, RatePacer, type PacerOptions, type PacerTicket } from "../../../shared/azure/pacing.ts";

const pacerOn = (clock: SteppingClock, options: Omit<PacerOptions, "clock">) => new RatePacer({ ...options, clock });

/** ARM's token bucket on the same clock: a request takes a token when it arrives, or is answered 429. */
function armBucket(clock: SteppingClock, burst: number, perSecond: number) {
  let tokens = burst;
  let at = clock.now();
  let throttled = 0;
  return {
    get throttled() {
      return throttled;
    },
    take(): { remaining: number } | { retryAfter: number } {
      tokens = Math.min(burst, tokens + ((clock.now() - at) / 1000) * perSecond);
      at = clock.now();
      if (tokens < 1) {
        throttled += 1;
        return { retryAfter: Math.ceil((1 - tokens) / perSecond) };
      }
      tokens -= 1;
      return { remaining: Math.floor(tokens) };
    },
  };
}

/** Sends `count` requests, `inFlight` at a time, each arriving at the server only after the next ones were sent (a slow connection). */
async function paced(pacer: RatePacer, server: ReturnType<typeof armBucket>, count: number, inFlight: number) {
  const waiting: PacerTicket[] = [];
  const land = () => {
    const ticket = waiting.shift()!;
    const answer = server.take();
    if ("remaining" in answer) pacer.observe(ticket, answer.remaining);
    else pacer.observe(ticket, undefined, answer.retryAfter);
  };
  for (let i = 0; i < count; i++) {
    const ticket = pacer.acquire("sub", "reads");
    // The first request goes alone: it lands before the others may leave.
    if (i === 1 && waiting.length > 0) land();
    waiting.push(await ticket);
    if (waiting.length >= inFlight) land();
  }
  while (waiting.length > 0) land();
}

describe("RatePacer", () => {
  it("sends one request alone until ARM has said how many tokens are left", async () => {
    const clock = new SteppingClock();
    const pacer = pacerOn(clock, { rates: { reads: 10 }, reserve: 0 });
    const probe = await pacer.acquire("sub", "reads");
    let second: PacerTicket | undefined;
    const waiting = pacer.acquire("sub", "reads").then((ticket) => (second = ticket));
    await Promise.resolve();
    await Promise.resolve();
    expect(second).toBeUndefined();
    pacer.observe(probe, 100);
    await waiting;
    expect(second?.number).toBe(2);
    expect(clock.slept).toEqual([]);
  });

  it.each([1, 4, 16])("spends the burst, then goes at the refill rate, never throttled, with %i requests in flight", async (inFlight) => {
    const clock = new SteppingClock();
    const pacer = pacerOn(clock, { rates: { reads: 10 }, reserve: 2 });
    const server = armBucket(clock, 25, 10);
    await paced(pacer, server, 200, inFlight);
    expect(server.throttled).toBe(0);
    expect(pacer.stats.throttled).toBe(0);
    // 200 requests from a bucket of 25 refilled at 10 per second: at least 17.5 s, and not much more.
    expect(clock.now()).toBeGreaterThanOrEqual(17_500);
    expect(clock.now()).toBeLessThan(17_500 + (inFlight + 3) * 100 + 500);
  });

  it("never believes an answer that says more than its estimate (an older one that came late)", async () => {
    const clock = new SteppingClock();
    const pacer = pacerOn(clock, { rates: { reads: 10 }, reserve: 0 });
    pacer.observe(await pacer.acquire("sub", "reads"), 6);
    const [a, b] = [await pacer.acquire("sub", "reads"), await pacer.acquire("sub", "reads")];
    // The server answered b (4 left) before a, whose answer says 5 (the pool sent a first, it came back last).
    pacer.observe(b, 4);
    pacer.observe(a, 5);
    for (let i = 0; i < 4; i++) pacer.observe(await pacer.acquire("sub", "reads"), 3 - i);
    expect(clock.slept).toEqual([]);
    await pacer.acquire("sub", "reads");
    expect(clock.slept).toEqual([100]);
  });

  it("keeps a reserve for the subscription's other callers", async () => {
    const clock = new SteppingClock();
    const pacer = pacerOn(clock, { rates: { reads: 10 }, reserve: 5 });
    pacer.observe(await pacer.acquire("sub", "reads"), 6);
    pacer.observe(await pacer.acquire("sub", "reads"), 5);
    expect(clock.slept).toEqual([]);
    await pacer.acquire("sub", "reads");
    expect(clock.slept.length).toBeGreaterThan(0);
  });

  it("after a 429 waits out the Retry-After before the next request of that bucket only", async () => {
    const clock = new SteppingClock();
    const pacer = pacerOn(clock, { rates: { reads: 10, writes: 10 }, reserve: 0 });
    pacer.observe(await pacer.acquire("sub", "reads"), undefined, 2);
    await pacer.acquire("other-sub", "reads");
    await pacer.acquire("sub", "writes");
    expect(clock.now()).toBe(0);
    await pacer.acquire("sub", "reads");
    expect(clock.now()).toBeGreaterThanOrEqual(2000);
    expect(pacer.stats.throttled).toBe(1);
  });

  it("lets requests go freely where answers carry no rate-limit header", async () => {
    const clock = new SteppingClock();
    const pacer = pacerOn(clock, { rates: { reads: 10 }, reserve: 0 });
    pacer.observe(await pacer.acquire("tenant", "writes"), undefined);
    for (let i = 0; i < 50; i++) await pacer.acquire("tenant", "writes");
    expect(clock.slept).toEqual([]);
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
    // The monitor client joins a resource id onto the base: two slashes, still that subscription's bucket.
    ["https://management.azure.com//subscriptions/abc/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/providers/Microsoft.Insights/diagnosticSettings?api-version=1", "GET", "abc", "reads"],
  ])("%s %s draws from %s %s", (url, method, scope, kind) => {
    expect(bucketOf(url, method)).toEqual({ scope, kind });
  });
});
