import { seededRandom } from "./random.ts";

export type FaultKind = "429" | "500" | "503" | "reset";

export interface FaultConfig {
  /** Share of requests (0..1) that get a fault. */
  rate?: number;
  /** Which faults to draw from, equally likely (default: all four). */
  kinds?: FaultKind[];
  /** Added to every request, faulted or not. */
  latencyMs?: number;
  /** Seed of the PRNG that draws the faults (default 1). */
  seed?: number;
  /** `Retry-After` of an injected 429, in seconds (default 1). */
  retryAfterSeconds?: number;
}

const ALL_KINDS: FaultKind[] = ["429", "500", "503", "reset"];

/**
 * Draws transient faults from a seeded PRNG. A fault is decided before the request touches
 * any state, so a faulted write never happened and the SDK's retry cannot apply it twice.
 */
export class FaultInjector {
  #config: FaultConfig | undefined;
  #random: () => number = seededRandom(1);

  constructor(config: FaultConfig | undefined) {
    this.set(config);
  }

  set(config: FaultConfig | undefined): void {
    if (config) {
      const rate = config.rate ?? 0;
      if (!(rate >= 0 && rate <= 1)) throw new Error(`faults.rate must be between 0 and 1, got ${config.rate}`);
      const unknown = (config.kinds ?? []).filter((k) => !ALL_KINDS.includes(k));
      if (unknown.length > 0) throw new Error(`faults.kinds has unknown kinds ${unknown.join(", ")}; use ${ALL_KINDS.join(", ")}`);
      if (config.kinds && config.kinds.length === 0) throw new Error("faults.kinds is empty: name at least one kind or leave it out");
      if (config.latencyMs !== undefined && !(config.latencyMs >= 0)) throw new Error(`faults.latencyMs must be >= 0, got ${config.latencyMs}`);
    }
    this.#config = config;
    this.#random = seededRandom(config?.seed ?? 1);
  }

  get latencyMs(): number {
    return this.#config?.latencyMs ?? 0;
  }

  get retryAfterSeconds(): number {
    return this.#config?.retryAfterSeconds ?? 1;
  }

  /** The fault for the next request, if any. */
  draw(): FaultKind | undefined {
    const rate = this.#config?.rate ?? 0;
    if (rate <= 0) return undefined;
    if (this.#random() >= rate) return undefined;
    const kinds = this.#config?.kinds ?? ALL_KINDS;
    return kinds[Math.floor(this.#random() * kinds.length)] ?? kinds[0];
  }
}
