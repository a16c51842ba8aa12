import { isAtLeast } from "../controls/classification.ts";
import type { Classification, Control, Decision, FixProposal, Status, Verdict } from "../controls/types.ts";
import { exemptionFor } from "../config/exemptions.ts";
import type { ControlPolicy, Mode, Policy } from "../config/policy.ts";
import type { ArmDocument } from "../core/index.ts";
import { paramsFor } from "./params.ts";

export interface DecisionInput {
  control: Control;
  verdict: Verdict;
  doc: ArmDocument;
  classification: Classification;
}

export interface DecisionOutcome {
  status: Status;
  decision: Decision;
  reason?: string;
  /** The planned change when the decision is `remediate`, so the planner need not plan it again. */
  proposal?: FixProposal;
}

type Action = Pick<DecisionOutcome, "decision" | "reason" | "proposal">;

/** What the policy says to do with a control's non-compliant findings. */
export function modeOf(control: Control, policy: Pick<Policy, "controls" | "defaultMode">): Mode {
  return policy.controls[control.id]?.mode ?? policy.defaultMode ?? control.defaultDecision;
}

/**
 * Applies the policy to one verdict, in this order: a control turned off is not evaluated at
 * all; below the classification threshold it does not apply; an active exemption makes the
 * finding exempt; otherwise a non-compliant finding is audited, ticketed or remediated, and a
 * fix that is unsafe under the policy or cannot be planned becomes a ticket. Pure.
 */
export function decide(input: DecisionInput, policy: Policy, now: Date = new Date()): DecisionOutcome {
  const { control, verdict, doc, classification } = input;
  const controlPolicy: ControlPolicy = policy.controls[control.id] ?? {};
  const mode = modeOf(control, policy);
  if (mode === "off") return { status: "not-applicable", decision: "none", reason: "turned off by policy" };

  const threshold = controlPolicy.minClassification ?? control.minClassification;
  if (!isAtLeast(classification, threshold)) {
    return { status: "not-applicable", decision: "none", reason: `applies from ${threshold}; resource is ${classification}` };
  }

  const exemption = exemptionFor(doc, control.id, policy, now);
  if (exemption?.active) return { status: "exempt", decision: "none", reason: exemption.reason };

  const action: Action = verdict.status === "noncompliant" ? act(control, doc, mode, policy) : { decision: "none" };
  const reason = joinReasons(verdict.reason, exemption?.reason, action.reason);
  return { ...action, status: verdict.status, ...(reason ? { reason } : {}) };
}

function act(control: Control, doc: ArmDocument, mode: Exclude<Mode, "off">, policy: Policy): Action {
  if (mode !== "remediate") return { decision: mode };
  const { safety } = policy;
  const fix = control.fix;
  if (!fix) return { decision: "ticket", reason: "the control has no automatic fix" };
  if (fix.safety === "disruptive" && !safety.allowDisruptive) {
    return { decision: "ticket", reason: "the fix is disruptive and the policy does not allow disruptive fixes (safety.allowDisruptive)" };
  }
  if (fix.safety === "irreversible" && !safety.allowIrreversible) {
    return { decision: "ticket", reason: "the fix is irreversible and the policy does not allow irreversible fixes (safety.allowIrreversible)" };
  }
  const paramsPath = `controls.${control.id}.params`;
  const params = paramsFor(control, policy);
  if (!params.fix) return { decision: "ticket", reason: `the fix cannot be planned: ${paramsPath} is missing or incomplete (the fix needs ${params.missing.join(", ")})` };
  try {
    return { decision: "remediate", proposal: fix.plan(doc, params.fix) };
  } catch (error) {
    // A control that throws on a document it did not foresee is a bug; it costs a ticket, never the worker.
    return { decision: "ticket", reason: `the fix could not be planned: ${(error as Error).message}` };
  }
}

function joinReasons(...reasons: (string | undefined)[]): string | undefined {
  const present = reasons.filter((reason): reason is string => Boolean(reason));
  return present.length > 0 ? present.join("; ") : undefined;
}
