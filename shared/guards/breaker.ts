import type { Limits } from "../config/policy.ts";
import type { Finding, Stage } from "../controls/types.ts";
import type { WindowCounters } from "../store/counters.ts";
import { BLAST_RADIUS_ALERT, ESTATE_SCOPE, guardAlert } from "./alerts.ts";

export type BreakerVerdict =
  | { ok: true }
  /** `alert` is set for the first refusal of the window and scope: raise it once, not at every fix. */
  | { ok: false; reason: string; alert?: Finding };

/**
 * The blast-radius breaker: at most `limits.maxFixesPerWindow` fixes across the estate and
 * `limits.maxFixesPerSubscriptionPerWindow` in one subscription per window of
 * `limits.windowMinutes`. Past either, the breaker is open until the window ends: fixes become
 * tickets and an alert finding is raised. Windows are fixed (aligned to the epoch), so every
 * worker agrees on which one it is in.
 */
export class BlastRadiusBreaker {
  readonly #counters: WindowCounters;
  readonly #limits: Limits;

  constructor(counters: WindowCounters, limits: Limits) {
    this.#counters = counters;
    this.#limits = limits;
  }

  #window(now: Date): { key: string; start: Date; end: Date } {
    const length = this.#limits.windowMinutes * 60_000;
    const start = new Date(Math.floor(now.getTime() / length) * length);
    return { key: `fixes~${start.toISOString()}`, start, end: new Date(start.getTime() + length) };
  }

  /** Counts `fixes` against both limits, or refuses without counting any. */
  async reserve(subscriptionId: string, fixes: number, stage: Stage, now: Date): Promise<BreakerVerdict> {
    const window = this.#window(now);
    const subscription = `subscription~${subscriptionId.toLowerCase()}`;
    const result = await this.#counters.reserve(
      window.key,
      [
        { name: "estate", limit: this.#limits.maxFixesPerWindow },
        { name: subscription, limit: this.#limits.maxFixesPerSubscriptionPerWindow },
      ],
      fixes,
    );
    if (result.ok) return { ok: true };
    const estate = result.name === "estate";
    const setting = estate ? "limits.maxFixesPerWindow" : "limits.maxFixesPerSubscriptionPerWindow";
    const where = estate ? "across the estate" : `in subscription ${subscriptionId}`;
    const reason = `blast-radius breaker open: ${result.count} fixes ${where} since ${window.start.toISOString()} (${setting} ${result.limit} per ${this.#limits.windowMinutes} minutes); fixes become tickets until ${window.end.toISOString()}`;
    const first = await this.#counters.once(window.key, result.name, now);
    if (!first) return { ok: false, reason };
    const alert = guardAlert({
      controlId: BLAST_RADIUS_ALERT,
      scope: estate ? ESTATE_SCOPE : `/subscriptions/${subscriptionId}`,
      title: "Blast-radius breaker opened: further fixes are held as tickets",
      evidence: { path: setting, actual: result.count + fixes, expected: `at most ${result.limit} fixes per ${this.#limits.windowMinutes} minutes` },
      reason,
      stage,
    });
    return { ok: false, reason, alert };
  }
}
