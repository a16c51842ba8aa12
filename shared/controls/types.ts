/**
 * The contract every control and every consumer of findings shares.
 * Controls are pure: (document, context) => verdict, no I/O, never throwing.
 */
import type { z } from "zod";
import type { ArmDocument, PropertyChange } from "../core/index.ts";

export type Status = "compliant" | "noncompliant" | "not-applicable" | "unknown" | "exempt";
export type Severity = "critical" | "high" | "medium" | "low";
export type Stage = "at-rest" | "in-transit" | "in-use" | "key-management";
export type Classification = "public" | "general" | "confidential" | "highly-confidential";

/** What happens to a non-compliant finding. `none` for everything else. */
export type Decision = "none" | "audit" | "ticket" | "remediate";

/** How much a fix can disturb the workload it touches. */
export type FixSafety = "safe" | "disruptive" | "irreversible";

/** Where a finding's classification came from, for a resource that takes the classification of what it holds. */
export interface ClassifiedBy {
  /** `own tag`, or what the resource holds that raised it (`protected items`). */
  source: string;
  /** The held resources whose classification it took. */
  resources?: string[];
  /** What could not be read: the classification may be higher than found. */
  unread?: string;
}

export interface Evidence {
  /** Dotted path into the ARM document, e.g. `properties.minimumTlsVersion`. */
  path: string;
  actual: unknown;
  expected: string;
  classifiedBy?: ClassifiedBy;
  /** Where the judged document was read: set when it came from Resource Graph (which lags ARM) instead of ARM itself. */
  source?: "resource-graph";
  /** When the problem turns into an outage (a key's expiry): a ticket is due before then. ISO 8601. */
  dueBy?: string;
}

export interface Verdict {
  status: Status;
  evidence: Evidence;
  /** Why the status is what it is, when the evidence alone does not say (exemptions, defaults). */
  reason?: string;
}

/**
 * A control's (or its fix's) parameters: a zod object whose fields each carry a description, for
 * the policy's JSON Schema and docs/policy.md. The policy file gives them under
 * `controls.<id>.params`; the loader validates them there, so a control only ever sees typed values.
 */
export type ParamsSchema<T extends object> = z.ZodType<T, unknown> & { readonly shape: z.core.$ZodShape };

export interface EvalContext<P extends object = object> {
  classification: Classification;
  /** The control's evaluation parameters as the policy sets them, defaults filled in (parsed once, when the policy loads). */
  params: P;
  /** The time of the evaluation, for controls that compare dates (a key's expiry); injected, never read from the clock inside a control. */
  now: Date;
}

export interface PlannedFix {
  resourceId: string;
  resourceType: string;
  controlId: string;
  safety: FixSafety;
  changes: PropertyChange[];
  summary: string;
}

/** What a control's fix proposes; the engine turns it into a PlannedFix. */
export interface FixProposal {
  changes: PropertyChange[];
  summary: string;
}

export interface FixSpec<P extends object = object, F extends object = object> {
  safety: FixSafety;
  /**
   * What the fix needs that only the policy can say (a key, an identity, a workspace). Fields
   * without a default are required: while the policy gives no params for the control, the fix is
   * not planned and the finding becomes a ticket that says which parameters are missing.
   */
  params?: ParamsSchema<F>;
  /** Called only with complete, valid parameters: the control's own and the fix's. */
  plan(doc: ArmDocument, params: P & F): FixProposal;
}

export interface ControlRefs {
  waf: "SE:07";
  mcsb?: string;
  policy?: string;
  psrule?: string;
}

/**
 * One control. `P` and `F` are the types of its evaluation and fix parameters; controls that
 * declare parameters are written with `defineControl` so both are inferred from the schemas.
 */
export interface Control<P extends object = object, F extends object = object> {
  /** Stable id, e.g. `storage.min-tls`. */
  id: string;
  title: string;
  severity: Severity;
  stage: Stage;
  /** ARM types this control evaluates, compared case-insensitively. */
  resourceTypes: readonly string[];
  /** Narrows the documents of those types the control applies to (e.g. one named configuration). */
  appliesTo?: (doc: ArmDocument) => boolean;
  minClassification: Classification;
  defaultDecision: Exclude<Decision, "none" | "audit">;
  /**
   * Thresholds a policy may tune (e.g. a maximum key age in days). Every field has a default, so
   * the control is evaluated the same way whether or not the policy names them.
   */
  params?: ParamsSchema<P>;
  evaluate(doc: ArmDocument, ctx: EvalContext<P>): Verdict;
  fix?: FixSpec<P, F>;
  refs: ControlRefs;
}

export interface Finding {
  resourceId: string;
  resourceType: string;
  controlId: string;
  title: string;
  status: Status;
  severity: Severity;
  stage: Stage;
  classification: Classification;
  evidence: Evidence;
  reason?: string;
  /** The resource's `owner` tag (its own, else its parent's), so a ticket can name who to ask. */
  owner?: string;
  decision: Decision;
}
