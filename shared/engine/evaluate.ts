import { classify as classifyTags } from "../config/classify.ts";
import { tagValue } from "../config/tags.ts";
import type { Policy } from "../config/policy.ts";
import { CATALOG, controlsFor } from "../controls/catalog/index.ts";
import type { Classification, Control, EvalContext, Finding, PlannedFix } from "../controls/types.ts";
import { classifyByContents } from "./contents.ts";
import { decide } from "./decide.ts";
import { evaluationContext } from "./params.ts";
import type { ArmDocument, HeldResources } from "../core/index.ts";

export interface EvaluationOptions {
  policy: Policy;
  catalog?: readonly Control[];
  now?: Date;
}

/** The tag that names who owns a resource (case-insensitive, like every tag name here). */
export const OWNER_TAG = "owner";

/** A document and the tags that classify it when it has none of its own (a TDE setting inherits its database's). */
export interface EvaluationInput {
  doc: ArmDocument;
  inheritedTags?: Record<string, string> | null;
  /** What the resource holds (a backup vault's protected items): it takes their classification when higher. */
  contents?: HeldResources | null;
}

/** A finding, the control behind it and the context it judged in, and the planned fix when the decision is to remediate. */
export interface Evaluation {
  finding: Finding;
  control: Control;
  context: EvalContext;
  fix?: PlannedFix;
}

/** The document's own label wins; a child without one takes its parent's; otherwise the policy's default. */
export function classify(input: EvaluationInput, policy: Policy): Classification {
  const ownLabelled = tagValue(input.doc.tags, policy.classification.tagName) !== undefined;
  return classifyTags(ownLabelled ? input.doc.tags : (input.inheritedTags ?? input.doc.tags), policy);
}

/** One evaluation per control whose type matches the document. Pure: no I/O. */
export function evaluateDocument(input: EvaluationInput, options: EvaluationOptions): Evaluation[] {
  const { policy } = options;
  const now = options.now ?? new Date();
  const { classification, classifiedBy } = classifyByContents(classify(input, policy), input.contents, policy);
  const { doc } = input;
  const owner = tagValue(doc.tags, OWNER_TAG) ?? tagValue(input.inheritedTags, OWNER_TAG);
  return controlsFor(doc, options.catalog ?? CATALOG).map((control) => {
    const context = evaluationContext(control, classification, policy, now);
    const verdict = control.evaluate(doc, context);
    const outcome = decide({ control, verdict, doc, classification }, policy, now);
    const reason = outcome.reason ?? verdict.reason;
    const finding: Finding = {
      resourceId: doc.id,
      resourceType: doc.type,
      controlId: control.id,
      title: control.title,
      status: outcome.status,
      severity: control.severity,
      stage: control.stage,
      classification,
      evidence: classifiedBy ? { ...verdict.evidence, classifiedBy } : verdict.evidence,
      ...(reason ? { reason } : {}),
      ...(owner ? { owner } : {}),
      decision: outcome.decision,
    };
    if (!outcome.proposal || !control.fix) return { finding, control, context };
    const fix: PlannedFix = { resourceId: doc.id, resourceType: doc.type, controlId: control.id, safety: control.fix.safety, ...outcome.proposal };
    return { finding, control, context, fix };
  });
}

/** Just the findings, for reports. */
export function findingsOf(input: EvaluationInput, options: EvaluationOptions): Finding[] {
  return evaluateDocument(input, options).map((e) => e.finding);
}
