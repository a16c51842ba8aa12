import { describe, expect, it } from "vitest";
import { ConcurrencyLimit, forEachConcurrently, mapConcurrently } from "../../../shared/core/index.ts";

/** A task that finishes when the test says so, and tells how many run at once. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe("ConcurrencyLimit", () => {
  it("starts no more than its limit and starts the next when one settles", async () => {
    const limiter = new ConcurrencyLimit(2);
    const gates = [gate(), gate(), gate()];
    const started: number[] = [];
    await limiter.start(async () => (started.push(0), gates[0]!.opened));
    await limiter.start(async () => (started.push(1), gates[1]!.opened));
    const third = limiter.start(async () => (started.push(2), gates[2]!.opened));
    await Promise.resolve();
    expect([started, limiter.running, limiter.free]).toEqual([[0, 1], 2, 0]);
    gates[1]!.open();
    await third;
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.open();
    gates[2]!.open();
    await limiter.drain();
    expect(limiter.running).toBe(0);
  });

  it("lets running tasks finish, starts none after a failure, and throws the first failure from drain", async () => {
    const limiter = new ConcurrencyLimit(3);
    const slow = gate();
    const finished: string[] = [];
    await limiter.start(async () => {
      await slow.opened;
      finished.push("slow");
    });
    await limiter.start(async () => {
      throw new Error("first");
    });
    await limiter.oneSettled();
    await limiter.start(async () => {
      finished.push("after the failure");
    });
    slow.open();
    await expect(limiter.drain()).rejects.toThrow("first");
    expect(finished).toEqual(["slow"]);
    expect(limiter.failed).toBe(true);
  });
});

describe("forEachConcurrently and mapConcurrently", () => {
  it("pull an async source only as fast as slots free up", async () => {
    let pulled = 0;
    let maxAhead = 0;
    let done = 0;
    async function* source() {
      for (let i = 0; i < 10; i += 1) {
        pulled += 1;
        maxAhead = Math.max(maxAhead, pulled - done);
        yield i;
      }
    }
    await forEachConcurrently(source(), 3, async () => {
      await Promise.resolve();
      done += 1;
    });
    expect([pulled, done]).toEqual([10, 10]);
    expect(maxAhead).toBeLessThanOrEqual(4);
  });

  it("stop taking items after a failure and rethrow it", async () => {
    const seen: number[] = [];
    await expect(
      forEachConcurrently([1, 2, 3, 4, 5, 6], 1, async (n) => {
        seen.push(n);
        if (n === 2) throw new Error("two");
      }),
    ).rejects.toThrow("two");
    expect(seen).toEqual([1, 2]);
  });

  it("keep results in the items' order whatever order the work finishes in", async () => {
    const delays = [3, 0, 2, 1];
    const results = await mapConcurrently(delays, 4, async (delay, index) => {
      for (let i = 0; i < delay; i += 1) await Promise.resolve();
      return index * 10;
    });
    expect(results).toEqual([0, 10, 20, 30]);
  });
});
