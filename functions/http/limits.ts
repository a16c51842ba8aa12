import type { HttpResponseInit } from "@azure/functions";
import { problem } from "./problem.ts";

/**
 * At most so many requests of one kind run at once in this worker process; one more is answered
 * 429 at once instead of queuing behind them. The routes that do their work while the caller
 * waits (a scan, a remediation, a rollback, the deprecated in-process sweep) take a slot, so a
 * burst of requests cannot pile ARM reads and writes onto one instance.
 */
export class RequestSlots {
  readonly #limit: number;
  readonly #what: string;
  #running = 0;

  constructor(limit: number, what: string) {
    this.#limit = limit;
    this.#what = what;
  }

  get running(): number {
    return this.#running;
  }

  /** Runs `work` in a slot, or answers 429 (problem+json, Retry-After) when none is free. */
  async run(work: () => Promise<HttpResponseInit>): Promise<HttpResponseInit> {
    if (this.#running >= this.#limit) {
      const busy = problem(429, "Too many requests", `${this.#limit} ${this.#what} already running on this instance; try again shortly.`, undefined, { limit: this.#limit });
      return { ...busy, headers: { ...(busy.headers as Record<string, string>), "retry-after": String(RETRY_AFTER_SECONDS) } };
    }
    this.#running += 1;
    try {
      return await work();
    } finally {
      this.#running -= 1;
    }
  }
}

export const RETRY_AFTER_SECONDS = 10;

/** Scans, remediations and rollbacks that answer when done. */
export const synchronousWork = new RequestSlots(4, "synchronous scans, remediations or rollbacks");

/** The deprecated POST /api/scan's sweep in one invocation: one at a time. */
export const inProcessSweeps = new RequestSlots(1, "in-process sweeps (POST /api/scan without a resource id)");
