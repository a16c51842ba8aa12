import type { PipelinePolicy, PipelineResponse } from "@azure/core-rest-pipeline";
import { systemClock, type Clock } from "./clock.ts";

/**
 * ARM throttles each subscription with token buckets (one for reads, one for writes) and tells
 * every caller how many tokens are left in `x-ms-ratelimit-remaining-subscription-reads|writes`.
 * Retrying on 429 alone makes a large sweep live on throttling: each 429 costs a Retry-After
 * pause and the bucket is shared with every other caller in the subscription. The pacer keeps
 * an estimate of each bucket from those headers and the refill rate, and holds a request back
 * until a token should be there, so a sweep runs at the bucket's pace without 429s.
 */

export type RequestKind = "reads" | "writes";

/** Tokens per second each bucket refills. */
export interface RefillRates {
  reads: number;
  writes: number;
}

/** ARM's documented per-subscription refill rates (token-bucket throttling). */
export const ARM_REFILL_RATES: RefillRates = { reads: 25, writes: 10 };

export interface PacerOptions {
  rates?: Partial<RefillRates>;
  /** Tokens left for other callers of the subscription (portal, pipelines); default 5. */
  reserve?: number;
  clock?: Clock;
}

export interface PacerStats {
  /** Requests that waited for a token. */
  waits: number;
  waitedMs: number;
  /** Responses that were 429 all the same. */
  throttled: number;
}

interface Bucket {
  /**
   * The fewest tokens the server's bucket can hold at `at`, counting only the requests whose
   * answers have come back: the requests in flight are taken off when deciding, after the cap,
   * since a request delayed on its way spends its token when it arrives, not when it left.
   */
  level: number;
  at: number;
  /** The most the server ever reported: the bucket's size, as far as we know. */
  ceiling: number;
  /** A header was seen: there is something to pace by. */
  known: boolean;
  /** Requests sent so far; each carries its number back to `observe`. */
  sent: number;
  /** Requests sent and not answered yet. */
  inFlight: number;
  /** The first answer carried no header: nothing to pace by, so requests go freely (as before any pacing). */
  headerless: boolean;
  /** Until the first answer, one request goes alone to learn the bucket; the rest wait for it. */
  probe?: { ticket: number; answered: Promise<void>; answer(): void };
  /** Resolves at the next answer: what a waiter waits for when only answers, not time, can free a token. */
  nextAnswer: { promise: Promise<void>; resolve(): void };
  /** Waiters take turns so that a refill does not wake them all at once. */
  turn: Promise<void>;
}

/** A request's place in its bucket: hand it back to `observe` or `release`. */
export interface PacerTicket {
  scope: string;
  kind: RequestKind;
  number: number;
}

export class RatePacer {
  readonly stats: PacerStats = { waits: 0, waitedMs: 0, throttled: 0 };
  readonly #rates: RefillRates;
  readonly #reserve: number;
  readonly #clock: Clock;
  readonly #buckets = new Map<string, Bucket>();

  constructor(options: PacerOptions = {}) {
    this.#rates = { ...ARM_REFILL_RATES, ...options.rates };
    for (const kind of ["reads", "writes"] as const) {
      if (!(this.#rates[kind] > 0)) throw new Error(`pacing rate for ${kind} must be above 0, got ${this.#rates[kind]}`);
    }
    this.#reserve = options.reserve ?? 5;
    this.#clock = options.clock ?? systemClock;
  }

  #bucket(scope: string, kind: RequestKind): Bucket {
    const key = `${scope}|${kind}`;
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = { level: 0, at: this.#clock.now(), ceiling: 0, known: false, headerless: false, sent: 0, inFlight: 0, turn: Promise.resolve(), nextAnswer: deferred() };
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }

  /** Never below what one request needs, or a first low reading would stall the bucket for good. */
  #cap(bucket: Bucket): number {
    return Math.max(bucket.ceiling, 1 + this.#reserve);
  }

  #refill(bucket: Bucket, kind: RequestKind): void {
    const now = this.#clock.now();
    const cap = this.#cap(bucket);
    bucket.level = Math.min(cap, bucket.level + ((now - bucket.at) / 1000) * this.#rates[kind]);
    bucket.at = now;
  }

  /**
   * Resolves when a request of this kind may go, with its ticket; every acquire is followed by
   * observe or release. The token is reserved here, so requests in flight are already counted
   * when the next one asks: a paced run never spends a token the server does not have.
   */
  async acquire(scope: string, kind: RequestKind): Promise<PacerTicket> {
    const bucket = this.#bucket(scope, kind);
    const myTurn = bucket.turn.then(async () => {
      let waited = false;
      const started = this.#clock.now();
      for (;;) {
        if (!bucket.known) {
          if (bucket.headerless || !bucket.probe) break;
          await bucket.probe.answered;
          continue;
        }
        this.#refill(bucket, kind);
        const missing = 1 + this.#reserve - (bucket.level - bucket.inFlight);
        if (missing <= 0) break;
        waited = true;
        // A full bucket cannot refill: only an answer (a request in flight landing) frees a token.
        if (bucket.level >= this.#cap(bucket) && bucket.inFlight > 0) await bucket.nextAnswer.promise;
        else await this.#clock.sleep(Math.ceil((missing / this.#rates[kind]) * 1000));
      }
      if (waited) {
        this.stats.waits += 1;
        this.stats.waitedMs += this.#clock.now() - started;
      }
      bucket.sent += 1;
      bucket.inFlight += 1;
      if (!bucket.known && !bucket.headerless) {
        let answer!: () => void;
        const answered = new Promise<void>((resolve) => (answer = resolve));
        bucket.probe = { ticket: bucket.sent, answered, answer };
      }
      return { scope, kind, number: bucket.sent };
    });
    bucket.turn = myTurn.then(
      () => undefined,
      () => undefined,
    );
    return myTurn;
  }

  #settleProbe(bucket: Bucket, ticket: PacerTicket): void {
    const answered = bucket.nextAnswer;
    bucket.nextAnswer = deferred();
    answered.resolve();
    if (bucket.probe?.ticket !== ticket.number) return;
    bucket.probe.answer();
    bucket.probe = undefined;
  }

  /**
   * Takes in what the server said about a request: `remaining` tokens after it (from the
   * header), or a 429 with its Retry-After, which empties the bucket for that long. Requests and
   * answers may pass each other on the way (connection pools reorder them), so an answer only
   * ever lowers the estimate (one that says more than it is an old one); only time raises it.
   */
  observe(ticket: PacerTicket, remaining: number | undefined, retryAfterSeconds?: number): void {
    const bucket = this.#bucket(ticket.scope, ticket.kind);
    this.#settleProbe(bucket, ticket);
    bucket.inFlight = Math.max(0, bucket.inFlight - 1);
    if (retryAfterSeconds !== undefined) this.stats.throttled += 1;
    if (remaining === undefined && retryAfterSeconds === undefined) {
      if (!bucket.known) bucket.headerless = true;
      return;
    }
    const said = retryAfterSeconds !== undefined ? -retryAfterSeconds * this.#rates[ticket.kind] : remaining!;
    if (remaining !== undefined) bucket.ceiling = Math.max(bucket.ceiling, remaining);
    if (bucket.known) this.#refill(bucket, ticket.kind);
    bucket.level = bucket.known ? Math.min(bucket.level, said) : said;
    bucket.at = this.#clock.now();
    bucket.known = true;
  }

  /** A request that got no response (connection reset): its token stays spent, since it may have cost one. */
  release(ticket: PacerTicket): void {
    const bucket = this.#bucket(ticket.scope, ticket.kind);
    this.#settleProbe(bucket, ticket);
    bucket.inFlight = Math.max(0, bucket.inFlight - 1);
  }
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

const SUBSCRIPTION = /^\/subscriptions\/([^/?]+)/i;

/** Which bucket a request draws from: its subscription's (or the tenant's) reads or writes. */
export function bucketOf(url: string, method: string): { scope: string; kind: RequestKind } {
  // A client that joins a resource id onto its base writes `//subscriptions/...`; ARM reads it as one slash.
  const path = new URL(url).pathname.replace(/\/{2,}/g, "/");
  const subscription = SUBSCRIPTION.exec(path)?.[1];
  const kind: RequestKind = method === "GET" || method === "HEAD" ? "reads" : "writes";
  return { scope: subscription ? subscription.toLowerCase() : "tenant", kind };
}

/** The lowest remaining count among the headers ARM sends for this bucket (regional and global). */
export function remainingFrom(response: PipelineResponse, scope: string, kind: RequestKind): number | undefined {
  const level = scope === "tenant" ? "tenant" : "subscription";
  const values = [`x-ms-ratelimit-remaining-${level}-${kind}`, `x-ms-ratelimit-remaining-${level}-global-${kind}`]
    .map((name) => response.headers.get(name))
    .filter((value): value is string => value !== undefined && /^\d+$/.test(value.trim()))
    .map(Number);
  return values.length > 0 ? Math.min(...values) : undefined;
}

/** A response's Retry-After in seconds; 1 when it has none or it is not a number. */
export function retryAfterOf(response: PipelineResponse): number {
  const value = response.headers.get("retry-after");
  const seconds = value !== undefined ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : 1;
}

/**
 * Sends one attempt under a pacer's ticket. An attempt that got no answer never learned what the
 * service has left, so its ticket goes back instead of being observed.
 */
export async function sendUnderTicket<T>(ticket: T, release: (ticket: T) => void, send: () => Promise<PipelineResponse>): Promise<PipelineResponse> {
  try {
    return await send();
  } catch (error) {
    release(ticket);
    throw error;
  }
}

export const PACING_POLICY_NAME = "encryptionGuardPacing";

/** A per-retry pipeline policy (see ArmConnection.policies): every attempt waits for its token. */
export function pacingPolicy(pacer: RatePacer): PipelinePolicy {
  return {
    name: PACING_POLICY_NAME,
    async sendRequest(request, next) {
      const { scope, kind } = bucketOf(request.url, request.method);
      const ticket = await pacer.acquire(scope, kind);
      const response = await sendUnderTicket(
        ticket,
        (held) => pacer.release(held),
        () => next(request),
      );
      pacer.observe(ticket, remainingFrom(response, scope, kind), response.status === 429 ? retryAfterOf(response) : undefined);
      return response;
    },
  };
}
