/**
 * At most `limit` tasks running at once. A task's failure does not stop the ones running, but
 * no new one starts after it; `drain` waits for them all and then throws the first failure. Every place that works through many
 * items (a sweep's listing, its fixes, a queue batch, the local queue pump, Log Analytics
 * slices) uses this one limiter.
 */
export class ConcurrencyLimit {
  readonly #limit: number;
  readonly #running = new Set<Promise<void>>();
  #failure: { error: unknown } | undefined;

  constructor(limit: number) {
    this.#limit = Math.max(1, Math.floor(limit));
  }

  /** Slots free right now. */
  get free(): number {
    return this.#limit - this.#running.size;
  }

  get running(): number {
    return this.#running.size;
  }

  /** A task has failed: callers that feed more work can stop feeding. */
  get failed(): boolean {
    return this.#failure !== undefined;
  }

  /** Waits for a free slot, then starts `task` (unless a task has failed) and returns without waiting for it. */
  async start(task: () => Promise<void>): Promise<void> {
    while (this.#running.size >= this.#limit) await this.oneSettled();
    if (this.#failure) return;
    const running: Promise<void> = task()
      .catch((error: unknown) => {
        this.#failure ??= { error };
      })
      .finally(() => this.#running.delete(running));
    this.#running.add(running);
  }

  /** Resolves when one running task has settled; at once when none is running. */
  async oneSettled(): Promise<void> {
    if (this.#running.size > 0) await Promise.race(this.#running);
  }

  /** Waits for every started task, then throws the first failure, if any. */
  async drain(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running);
    if (this.#failure) throw this.#failure.error;
  }
}

/**
 * Runs `work` over the items, `limit` at a time, taking the next item only when a slot is free:
 * an async source (a paged listing) is read as fast as it is worked, never ahead.
 */
export async function forEachConcurrently<T>(items: Iterable<T> | AsyncIterable<T>, limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  const limiter = new ConcurrencyLimit(limit);
  let index = 0;
  for await (const item of items) {
    if (limiter.failed) break;
    const at = index++;
    await limiter.start(() => work(item, at));
  }
  await limiter.drain();
}

/** `work` over an array, `limit` at a time; the results in the items' order. */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  await forEachConcurrently(items, limit, async (item, index) => {
    results[index] = await work(item, index);
  });
  return results;
}
