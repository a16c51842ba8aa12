/**
 * The parameters each control works with under a policy. The policy loader has already parsed
 * and defaulted every `controls.<id>.params` the file gives (with the control's own schema);
 * a control the file gives none for gets its defaults, worked out once per control.
 */
import type { Policy } from "../config/policy.ts";
import { requiredFixParams } from "../controls/params.ts";
import type { Classification, Control, EvalContext } from "../controls/types.ts";

export interface ControlParams {
  /** What `evaluate` receives as `ctx.params`. */
  evaluation: object;
  /** What `fix.plan` receives; absent while the policy does not give the fix's required parameters. */
  fix?: object;
  /** The fix's parameters the policy must give before it can be planned; empty once it can. */
  missing: readonly string[];
}

const defaults = new WeakMap<Control, ControlParams>();

function defaultsOf(control: Control): ControlParams {
  const known = defaults.get(control);
  if (known) return known;
  // Evaluation parameters all have defaults (the catalog test holds every control to that).
  const evaluation = control.params?.parse({}) ?? {};
  const missing = requiredFixParams(control);
  const fix = missing.length === 0 ? { ...evaluation, ...control.fix?.params?.parse({}) } : undefined;
  const resolved: ControlParams = fix ? { evaluation, fix, missing } : { evaluation, missing };
  defaults.set(control, resolved);
  return resolved;
}

export function paramsFor(control: Control, policy: Pick<Policy, "controls">): ControlParams {
  const given = policy.controls[control.id]?.params;
  return given === undefined ? defaultsOf(control) : { evaluation: given, fix: given, missing: [] };
}

/** The context a control judges a document in under the policy; a re-check after a fix uses the same. */
export function evaluationContext(control: Control, classification: Classification, policy: Pick<Policy, "controls">, now: Date = new Date()): EvalContext {
  return { classification, params: paramsFor(control, policy).evaluation, now };
}
