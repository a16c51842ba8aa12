import type { PipelinePolicy, PipelineResponse } from "@azure/core-rest-pipeline";

/**
 * ARM throttles each subscription with token buckets (one for reads, one for writes) and tells
 * every caller how many tokens are left in `x-ms-ratelimit-remaining-subscription-reads|writes`.
 * Retrying on 429 alone makes a large sweep live on throttling: each 429 costs a Retry-After
 * pause and the bucket is shared with every other caller in the subscription. The pacer keeps
 * an estimate of each bucket from those headers and the refill rate, and holds a request back
 * until a token should be there, so a sweep runs at the bucket's pace with few 429s.
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
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface PacerStats {
  /** Requests that waited for a token. */
  waits: number;
  waitedMs: number;
  /** Responses that were 429 all the same. */
  throttled: number;
}

interface Bucket {
  /** Tokens the server should have for new requests at `at`, net of requests in flight. */
  tokens: number;
  at: number;
  /** The most the server ever reported: the bucket's size, as far as we know. */
  ceiling: number;
  /** No header seen yet: nothing to pace by. */
  known: boolean;
  inFlight: number;
  /** Waiters take turns so that a refill does not wake them all at once. */
  turn: Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RatePacer {
  readonly stats: PacerStats = { waits: 0, waitedMs: 0, throttled: 0 };
  readonly #rates: RefillRates;
  readonly #reserve: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #buckets = new Map<string, Bucket>();

  constructor(options: PacerOptions = {}) {
    this.#rates = { ...ARM_REFILL_RATES, ...options.rates };
    for (const kind of ["reads", "writes"] as const) {
      if (!(this.#rates[kind] > 0)) throw new Error(`pacing rate for ${kind} must be above 0, got ${this.#rates[kind]}`);
    }
    this.#reserve = options.reserve ?? 5;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? defaultSleep;
  }

  #bucket(scope: string, kind: RequestKind): Bucket {
    const key = `${scope}|${kind}`;
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = { tokens: 0, at: this.#now(), ceiling: 0, known: false, inFlight: 0, turn: Promise.resolve() };
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }

  #refill(bucket: Bucket, kind: RequestKind): void {
    const now = this.#now();
    // Never cap below what one request needs, or a first low reading would stall the bucket for good.
    const cap = Math.max(bucket.ceiling, 1 + this.#reserve);
    bucket.tokens = Math.min(cap, bucket.tokens + ((now - bucket.at) / 1000) * this.#rates[kind]);
    bucket.at = now;
  }

  /** Resolves when a request of this kind may go; every acquire is followed by observe or release. */
  async acquire(scope: string, kind: RequestKind): Promise<void> {
    const bucket = this.#bucket(scope, kind);
    const myTurn = bucket.turn.then(async () => {
      let waited = false;
      const started = this.#now();
      for (;;) {
        if (!bucket.known) break;
        this.#refill(bucket, kind);
        const missing = 1 + this.#reserve - bucket.tokens;
        if (missing <= 0) break;
        waited = true;
        await this.#sleep(Math.ceil((missing / this.#rates[kind]) * 1000));
      }
      if (waited) {
        this.stats.waits += 1;
        this.stats.waitedMs += this.#now() - started;
      }
      bucket.tokens -= 1;
      bucket.inFlight += 1;
    });
    bucket.turn = myTurn.catch(() => undefined);
    await myTurn;
  }

  /**
   * Takes in what the server said: `remaining` tokens after this request (from the header),
   * or a 429 with its Retry-After, which empties our estimate for that long.
   */
  observe(scope: string, kind: RequestKind, remaining: number | undefined, retryAfterSeconds?: number): void {
    const bucket = this.#bucket(scope, kind);
    bucket.inFlight = Math.max(0, bucket.inFlight - 1);
    if (retryAfterSeconds !== undefined) {
      this.stats.throttled += 1;
      bucket.known = true;
      bucket.tokens = -retryAfterSeconds * this.#rates[kind] - bucket.inFlight;
      bucket.at = this.#now();
      return;
    }
    if (remaining === undefined) return;
    bucket.known = true;
    bucket.ceiling = Math.max(bucket.ceiling, remaining);
    // Requests still in flight may not have been counted yet: assume they were not.
    bucket.tokens = remaining - bucket.inFlight;
    bucket.at = this.#now();
  }

  /** A request that got no response (connection reset): it may or may not have cost a token. */
  release(scope: string, kind: RequestKind): void {
    const bucket = this.#bucket(scope, kind);
    bucket.inFlight = Math.max(0, bucket.inFlight - 1);
  }
}

const SUBSCRIPTION = /^\/subscriptions\/([^/?]+)/i;

/** Which bucket a request draws from: its subscription's (or the tenant's) reads or writes. */
export function bucketOf(url: string, method: string): { scope: string; kind: RequestKind } {
  const path = new URL(url).pathname;
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

function retryAfterOf(response: PipelineResponse): number {
  const value = response.headers.get("retry-after");
  const seconds = value !== undefined ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : 1;
}

export const PACING_POLICY_NAME = "encryptionGuardPacing";

/** A per-retry pipeline policy (see ArmConnection.policies): every attempt waits for its token. */
export function pacingPolicy(pacer: RatePacer): PipelinePolicy {
  return {
    name: PACING_POLICY_NAME,
    async sendRequest(request, next) {
      const { scope, kind } = bucketOf(request.url, request.method);
      await pacer.acquire(scope, kind);
      let response: PipelineResponse;
      try {
        response = await next(request);
      } catch (error) {
        pacer.release(scope, kind);
        throw error;
      }
      pacer.observe(scope, kind, remainingFrom(response, scope, kind), response.status === 429 ? retryAfterOf(response) : undefined);
      return response;
    },
  };
}
