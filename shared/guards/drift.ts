import type { Limits } from "../config/policy.ts";
import type { ControlFixState } from "../store/fixes.ts";
import { markActive, type ExceptionMark } from "../store/types.ts";

/**
 * Fixes of one resource and control are counted over this window: a fix that has to be made
 * again and again within a day is being undone by something (a deployment pipeline, another
 * policy engine), and repeating it only fights that something.
 */
export const DRIFT_WINDOW_MS = 24 * 60 * 60_000;

function inWindow(state: Pick<ControlFixState, "countingSince"> | undefined, now: Date): boolean {
  return !!state?.countingSince && now.getTime() - Date.parse(state.countingSince) < DRIFT_WINDOW_MS;
}

/**
 * The exception to mark when one more fix would pass `limits.maxAttemptsPerResourceControl`
 * within the drift window; undefined when fixing may go on.
 */
export function driftException(state: ControlFixState | undefined, limits: Pick<Limits, "maxAttemptsPerResourceControl">, now: Date): ExceptionMark | undefined {
  if (!state || !inWindow(state, now) || state.fixes < limits.maxAttemptsPerResourceControl) return undefined;
  return {
    kind: "drift",
    reason: `fixed ${state.fixes} times since ${state.countingSince} and it drifted back each time (limits.maxAttemptsPerResourceControl ${limits.maxAttemptsPerResourceControl}); automatic fixing stopped`,
    since: now.toISOString(),
  };
}

/** The state after one more applied fix: counted in the current window, or the first of a new one. An expired mark goes. */
export function afterFix(current: ControlFixState | undefined, resourceId: string, controlId: string, now: Date): Omit<ControlFixState, "version"> {
  const counting = inWindow(current, now);
  return {
    resourceId,
    controlId,
    fixes: counting ? (current?.fixes ?? 0) + 1 : 1,
    countingSince: counting ? current!.countingSince! : now.toISOString(),
    ...(current?.exception && markActive(current.exception, now) ? { exception: current.exception } : {}),
    ...(current?.cleared ? { cleared: current.cleared } : {}),
  };
}

/** The state with an exception mark, keeping the count that led to it. */
export function withException(current: ControlFixState | undefined, resourceId: string, controlId: string, mark: ExceptionMark): Omit<ControlFixState, "version"> {
  return {
    resourceId,
    controlId,
    fixes: current?.fixes ?? 0,
    ...(current?.countingSince ? { countingSince: current.countingSince } : {}),
    ...(current?.cleared ? { cleared: current.cleared } : {}),
    exception: mark,
  };
}
