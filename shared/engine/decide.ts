import { isAtLeast } from "../controls/classification.ts";
import type { ArmDocument, Classification, Control, Decision, Status, Verdict } from "../controls/types.ts";
import type { Policy } from "../config/policy.ts";

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
}

/** Applies classification scope and the policy's mode to one verdict. Pure. */
export function decide(input: DecisionInput, policy: Policy, now: Date = new Date()): DecisionOutcome {
  void now;
  const { control, verdict, classification } = input;
  const controlPolicy = policy.controls[control.id] ?? {};
  const threshold = controlPolicy.minClassification ?? control.minClassification;
  if (!isAtLeast(classification, threshold)) {
    return { status: "not-applicable", decision: "none", reason: `applies from ${threshold}; resource is ${classification}` };
  }
  if (verdict.status !== "noncompliant") return { status: verdict.status, decision: "none", ...(verdict.reason ? { reason: verdict.reason } : {}) };
  const mode = controlPolicy.mode ?? policy.defaultMode ?? control.defaultDecision;
  if (mode === "off" || mode === "audit") return { status: "noncompliant", decision: "audit" };
  if (mode === "ticket" || !control.fix) return { status: "noncompliant", decision: "ticket" };
  const safety = control.fix.safety;
  if ((safety === "disruptive" && !policy.safety.allowDisruptive) || (safety === "irreversible" && !policy.safety.allowIrreversible)) {
    return { status: "noncompliant", decision: "ticket", reason: `the fix is ${safety} and the policy does not allow ${safety} fixes` };
  }
  return { status: "noncompliant", decision: "remediate" };
}
