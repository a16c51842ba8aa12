/** One token bucket: `burst` tokens at most, refilled at `perSecond`. */
export interface BucketConfig {
  burst: number;
  perSecond: number;
}

/** ARM's per-subscription limits, one bucket per operation kind. */
export interface ThrottleConfig {
  reads: BucketConfig;
  writes: BucketConfig;
}

export type RequestKind = "reads" | "writes";

export const DEFAULT_THROTTLE: ThrottleConfig = {
  reads: { burst: 250, perSecond: 25 },
  writes: { burst: 200, perSecond: 10 },
};

export type ThrottleDecision = { allowed: true; remaining: number } | { allowed: false; remaining: 0; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * ARM's token-bucket throttling, per subscription and kind (reads, writes). A request takes
 * one token; an empty bucket answers 429 with the seconds until the next token.
 */
export class Throttle {
  #config: ThrottleConfig | false;
  readonly #buckets = new Map<string, Bucket>();
  readonly #now: () => number;

  constructor(config: Partial<ThrottleConfig> | false | undefined, now: () => number = Date.now) {
    this.#now = now;
    this.#config = resolveThrottle(config);
  }

  set(config: Partial<ThrottleConfig> | false): void {
    this.#config = resolveThrottle(config);
    this.#buckets.clear();
  }

  get config(): ThrottleConfig | false {
    return this.#config;
  }

  take(scope: string, kind: RequestKind): ThrottleDecision {
    if (!this.#config) return { allowed: true, remaining: Number.MAX_SAFE_INTEGER };
    const { burst, perSecond } = this.#config[kind];
    const key = `${scope.toLowerCase()}|${kind}`;
    const now = this.#now();
    const bucket = this.#buckets.get(key) ?? { tokens: burst, updatedAt: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * perSecond);
    bucket.updatedAt = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens) };
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
    return { allowed: false, remaining: 0, retryAfterSeconds };
  }
}

function resolveThrottle(config: Partial<ThrottleConfig> | false | undefined): ThrottleConfig | false {
  if (config === false) return false;
  const merged = {
    reads: { ...DEFAULT_THROTTLE.reads, ...config?.reads },
    writes: { ...DEFAULT_THROTTLE.writes, ...config?.writes },
  };
  for (const kind of ["reads", "writes"] as const) {
    const { burst, perSecond } = merged[kind];
    if (!(burst >= 1) || !(perSecond > 0)) throw new Error(`throttle.${kind} needs burst >= 1 and perSecond > 0, got ${JSON.stringify(merged[kind])}`);
  }
  return merged;
}
