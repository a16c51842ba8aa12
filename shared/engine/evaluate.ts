import { CATALOG, controlsFor } from "../controls/catalog/index.ts";
import { classificationOf } from "../controls/classification.ts";
import type { ArmDocument, Classification, Control, Finding, PlannedFix } from "../controls/types.ts";
import type { Policy } from "../config/policy.ts";
import { decide } from "./decide.ts";

export interface EvaluationOptions {
  policy: Policy;
  catalog?: readonly Control[];
  now?: Date;
}

/** A document and the tags that classify it when it has none of its own (a TDE setting inherits its database's). */
export interface EvaluationInput {
  doc: ArmDocument;
  inheritedTags?: Record<string, string> | null;
}

function hasLabel(tags: ArmDocument["tags"] | undefined, tagName: string): tags is Record<string, string> {
  return !!tags && typeof tags === "object" && Object.keys(tags).some((k) => k.toLowerCase() === tagName.toLowerCase());
}

/** The document's own label wins; a child without one takes its parent's; otherwise the policy's default. */
export function classify(input: EvaluationInput, policy: Policy): Classification {
  const { tagName, defaultLevel } = policy.classification;
  const tags = hasLabel(input.doc.tags, tagName) ? input.doc.tags : hasLabel(input.inheritedTags, tagName) ? input.inheritedTags : undefined;
  return tags ? classificationOf(tags, tagName) : defaultLevel;
}

/** One finding per control whose type matches the document. Pure: no I/O. */
export function evaluateDocument(input: EvaluationInput, options: EvaluationOptions): Finding[] {
  const { policy } = options;
  const now = options.now ?? new Date();
  const classification = classify(input, policy);
  return controlsFor(input.doc, options.catalog ?? CATALOG).map((control) => {
    const verdict = control.evaluate(input.doc, { classification });
    const outcome = decide({ control, verdict, doc: input.doc, classification }, policy, now);
    const reason = outcome.reason ?? verdict.reason;
    return {
      resourceId: input.doc.id,
      resourceType: input.doc.type,
      controlId: control.id,
      title: control.title,
      status: outcome.status,
      severity: control.severity,
      stage: control.stage,
      classification,
      evidence: verdict.evidence,
      ...(reason ? { reason } : {}),
      decision: outcome.decision,
    };
  });
}

/** The fix for a finding the policy decided to remediate, or undefined when none can be planned. */
export function planFix(control: Control, doc: ArmDocument, policy: Policy): PlannedFix | undefined {
  if (!control.fix) return undefined;
  const proposal = control.fix.plan(doc, policy.controls[control.id]?.params ?? {});
  if (!proposal) return undefined;
  return { resourceId: doc.id, resourceType: doc.type, controlId: control.id, safety: control.fix.safety, ...proposal };
}
