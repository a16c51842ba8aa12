/**
 * Time as the pacers see it: what time it is, and a way to wait. The service runs on the
 * system clock; tests give the pacer and the emulator's token buckets one virtual clock, so a
 * paced run comes out the same however busy the machine is.
 */
export interface Clock {
  /** Milliseconds since the epoch (or since the clock's start, for a virtual one). */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

/**
 * A clock that moves only when someone sleeps on it: a sleep jumps time forward by its length
 * and resolves at once. Nothing here waits on the machine, which is what makes paced tests
 * exact: a token bucket and a pacer on the same stepping clock agree however slow the host is.
 */
export class SteppingClock implements Clock {
  #now: number;
  /** Every sleep asked for, in milliseconds. */
  readonly slept: number[] = [];

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  async sleep(ms: number): Promise<void> {
    this.slept.push(ms);
    this.#now += Math.max(0, ms);
  }

  /** Moves time forward without anyone sleeping (a test's "and then an hour passed"). */
  advance(ms: number): void {
    this.#now += Math.max(0, ms);
  }
}
