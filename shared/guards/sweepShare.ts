import type { Limits } from "../config/policy.ts";

/**
 * Below this many resources to fix, a share says little (two fixes in an estate of eight is
 * 25%) and the per-window breaker is the bound; the share cap guards against mass changes.
 */
export const SHARE_CAP_FLOOR = 10;

export type ShareVerdict = { ok: true } | { ok: false; share: number; reason: string };

/**
 * Whether a sweep may go on to fix `toFix` of the `resources` it evaluated. A sweep that would
 * change more than `limits.maxSweepFixShare` of an estate more likely has a bad policy than a
 * bad estate: it stops and asks instead.
 */
export function sweepShareVerdict(resources: number, toFix: number, limits: Pick<Limits, "maxSweepFixShare">): ShareVerdict {
  if (toFix <= SHARE_CAP_FLOOR || resources === 0) return { ok: true };
  const share = toFix / resources;
  if (share <= limits.maxSweepFixShare) return { ok: true };
  const percent = (n: number) => `${Math.round(n * 1000) / 10}%`;
  return {
    ok: false,
    share,
    reason: `the sweep would fix ${toFix} of ${resources} resources (${percent(share)}), more than limits.maxSweepFixShare (${percent(limits.maxSweepFixShare)}); no fixes were made: check the policy, then fix through POST /api/remediations or raise the limit`,
  };
}
