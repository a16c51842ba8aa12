import type { PipelinePolicy, PipelineResponse } from "@azure/core-rest-pipeline";
import { systemClock, type Clock } from "./clock.ts";
import { sendUnderTicket } from "./pacing.ts";

/**
 * Resource Graph gives each user a quota of queries per window (15 in 5 seconds by default) and
 * says in every answer how many are left (`x-ms-user-quota-remaining`) and when the window
 * starts again (`x-ms-user-quota-resets-after`, hh:mm:ss). The pacer keeps that count, net of the
 * queries still on their way, and holds a query back until the window resets, so a sweep that
 * pages through a large estate is never throttled.
 */
export interface GraphQuotaStats {
  queries: number;
  /** Queries that waited for the window to reset. */
  waits: number;
  waitedMs: number;
  /** Answers that were 429 all the same. */
  throttled: number;
}

export interface GraphQuotaTicket {
  number: number;
}

export class GraphQuotaPacer {
  readonly stats: GraphQuotaStats = { queries: 0, waits: 0, waitedMs: 0, throttled: 0 };
  readonly #clock: Clock;
  readonly #reserve: number;
  /** Queries left in the window, net of those sent since the answer it rests on. */
  #left = 0;
  #resetAt = Number.POSITIVE_INFINITY;
  /** The window's size, as far as the answers tell. */
  #quota = 1;
  #known = false;
  #headerless = false;
  #sent = 0;
  #observed = 0;
  #probe: { ticket: number; answered: Promise<void>; answer(): void } | undefined;
  #turn: Promise<void> = Promise.resolve();

  /** `reserve`: queries left for the user's other tools (the portal's Resource Graph Explorer); default 1. */
  constructor(options: { clock?: Clock; reserve?: number } = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#reserve = options.reserve ?? 1;
  }

  async acquire(): Promise<GraphQuotaTicket> {
    const mine = this.#turn.then(async () => {
      const started = this.#clock.now();
      let waited = false;
      for (;;) {
        if (!this.#known) {
          if (this.#headerless || !this.#probe) break;
          await this.#probe.answered;
          continue;
        }
        const now = this.#clock.now();
        if (now >= this.#resetAt) {
          this.#left = this.#quota - this.#inFlight();
          this.#resetAt = Number.POSITIVE_INFINITY;
        }
        if (this.#left - this.#reserve >= 1) break;
        if (!Number.isFinite(this.#resetAt)) {
          // A full window cannot hold the reserve: go on the last query of it rather than never.
          if (this.#left >= 1) break;
          this.#resetAt = now + 1000;
        }
        waited = true;
        await this.#clock.sleep(Math.max(1, this.#resetAt - now));
      }
      if (waited) {
        this.stats.waits += 1;
        this.stats.waitedMs += this.#clock.now() - started;
      }
      this.#sent += 1;
      this.#left -= 1;
      this.stats.queries += 1;
      if (!this.#known && !this.#headerless) {
        let answer!: () => void;
        const answered = new Promise<void>((resolve) => (answer = resolve));
        this.#probe = { ticket: this.#sent, answered, answer };
      }
      return { number: this.#sent };
    });
    this.#turn = mine.then(
      () => undefined,
      () => undefined,
    );
    return mine;
  }

  #inFlight(): number {
    return this.#sent - this.#observed;
  }

  #settleProbe(ticket: GraphQuotaTicket): void {
    if (this.#probe?.ticket !== ticket.number) return;
    this.#probe.answer();
    this.#probe = undefined;
  }

  /** What an answer said: the queries left and the time until the window resets; `throttled` for a 429. */
  observe(ticket: GraphQuotaTicket, remaining: number | undefined, resetsAfterMs: number | undefined, throttled = false): void {
    this.#settleProbe(ticket);
    if (throttled) this.stats.throttled += 1;
    if (remaining === undefined && !throttled) {
      if (!this.#known) this.#headerless = true;
      return;
    }
    const left = throttled ? 0 : remaining!;
    this.#quota = Math.max(this.#quota, left + 1);
    if (this.#known && ticket.number < this.#observed) return;
    this.#known = true;
    this.#observed = ticket.number;
    this.#left = left - (this.#sent - ticket.number);
    this.#resetAt = this.#clock.now() + (resetsAfterMs ?? 1000);
  }

  release(ticket: GraphQuotaTicket): void {
    this.#settleProbe(ticket);
  }
}

/** `hh:mm:ss` (seconds may have a fraction) in milliseconds, or undefined when it is not that. */
export function parseResetsAfter(value: string | undefined): number | undefined {
  const match = /^(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value?.trim() ?? "");
  if (!match) return undefined;
  const [, hours, minutes, seconds] = match as unknown as [string, string, string, string];
  return Math.ceil((Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds)) * 1000);
}

function quotaOf(response: PipelineResponse): { remaining: number | undefined; resetsAfterMs: number | undefined } {
  const remaining = response.headers.get("x-ms-user-quota-remaining");
  const retryAfter = Number(response.headers.get("retry-after"));
  return {
    remaining: remaining !== undefined && /^\d+$/.test(remaining.trim()) ? Number(remaining) : undefined,
    resetsAfterMs: parseResetsAfter(response.headers.get("x-ms-user-quota-resets-after")) ?? (Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined),
  };
}

export const GRAPH_PACING_POLICY_NAME = "encryptionGuardGraphPacing";

/** The Resource Graph client's pacing, per retry: every attempt waits for the user's quota. */
export function graphPacingPolicy(pacer: GraphQuotaPacer): PipelinePolicy {
  return {
    name: GRAPH_PACING_POLICY_NAME,
    async sendRequest(request, next) {
      const ticket = await pacer.acquire();
      const response = await sendUnderTicket(
        ticket,
        (held) => pacer.release(held),
        () => next(request),
      );
      const { remaining, resetsAfterMs } = quotaOf(response);
      pacer.observe(ticket, remaining, resetsAfterMs, response.status === 429);
      return response;
    },
  };
}
