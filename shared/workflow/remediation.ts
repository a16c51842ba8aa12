import { randomUUID } from "node:crypto";
import type { EvaluationTarget } from "../resources/index.ts";
import { controlById } from "../controls/catalog/index.ts";
import type { Control } from "../controls/types.ts";
import type { Policy } from "../config/policy.ts";
import { modeOf } from "../engine/decide.ts";
import type { ActionRecord, RecordedFinding } from "../store/types.ts";
import type { GuardRuntime } from "./runtime.ts";
import { runScan, targetOf } from "./scanResource.ts";

export interface RemediationAsk {
  resourceId: string;
  controlId: string;
  dryRun: boolean;
  /** Who asked: recorded on the action. */
  actor: string;
}

export type RemediationAnswer =
  /** The fix was planned (dry run), applied, found already done, or attempted and failed (see the action). */
  | { outcome: "done"; finding: RecordedFinding; action?: ActionRecord }
  /** Nothing was written: exempt, not applicable, no automatic fix, unsafe under the policy, breaker open, or busy. */
  | { outcome: "refused"; reason: string; finding?: RecordedFinding; action?: ActionRecord }
  | { outcome: "not-found"; reason: string };

/** The document types a target's controls judge: its own, and its children's. */
function judgedTypes(target: EvaluationTarget): string[] {
  return [target.module.type, ...target.module.childTypes, ...target.module.writers.map((w) => w.documentType)].map((t) => t.toLowerCase());
}

/** Whether a control judges documents of this target (checked before any ARM call). */
export function controlFits(control: Control, target: EvaluationTarget): boolean {
  const types = judgedTypes(target);
  return control.resourceTypes.some((t) => types.includes(t.toLowerCase()));
}

function asking(policy: Policy, controlId: string): Policy {
  return { ...policy, controls: { ...policy.controls, [controlId]: { ...policy.controls[controlId], mode: "remediate" } } };
}

/** Modes a person's request may raise to remediate: a ticket is a fix a person was meant to make. Audit and off stay as the policy says. */
const RAISABLE = new Set(["ticket", "remediate"]);

/**
 * A person asks for one control's fix on one resource: the resource is read again and judged
 * with the control's mode raised from ticket to remediate (the person decided), everything else
 * as the policy says: a control the policy audits or turns off is refused, and exemptions,
 * classification, the safety of the fix, the blast-radius breaker and GUARD_DRY_RUN apply.
 * Exception marks do not hold it back. The caller has checked the id, the scope and the control id.
 */
export async function requestRemediation(runtime: GuardRuntime, ask: RemediationAsk): Promise<RemediationAnswer> {
  const target = targetOf(runtime, ask.resourceId);
  const control = controlById(ask.controlId);
  if (!target || !control) return { outcome: "refused", reason: `${ask.controlId} does not judge resources of this type` };
  if (!controlFits(control, target)) return { outcome: "refused", reason: `${ask.controlId} judges ${control.resourceTypes.join(", ")}, not ${target.module.type}` };
  const mode = modeOf(control, runtime.policy);
  if (!RAISABLE.has(mode)) return { outcome: "refused", reason: `the policy's mode for ${ask.controlId} is ${mode}; a request cannot fix what the policy only audits or turns off` };

  const outcome = await runScan({ ...runtime, policy: asking(runtime.policy, ask.controlId), actor: ask.actor }, target, {
    controls: [ask.controlId],
    manual: true,
    dryRun: ask.dryRun,
    correlationId: randomUUID(),
  });
  const finding = outcome.findings[0];
  if (!finding) return { outcome: "not-found", reason: `${target.id.id} was not found in ARM, or has no document ${ask.controlId} judges` };
  const action = outcome.actions.find((a) => a.controlId === ask.controlId);
  if (finding.status === "compliant") return { outcome: "done", finding };
  if (finding.status !== "noncompliant") return { outcome: "refused", reason: `the finding is ${finding.status}${finding.reason ? `: ${finding.reason}` : ""}`, finding };
  if (action?.kind === "remediation") return { outcome: "done", finding, action };
  if (action) return { outcome: "refused", reason: action.reason ?? finding.reason ?? "the fix became a ticket", finding, action };
  if (outcome.due.length > 0) return { outcome: "refused", reason: "another run is writing this resource right now; try again shortly", finding };
  return { outcome: "refused", reason: finding.reason ?? "no fix could be planned", finding };
}
