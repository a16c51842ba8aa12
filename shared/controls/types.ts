/**
 * The contract every control and every consumer of findings shares.
 * Controls are pure: (document, context) => verdict, no I/O, never throwing.
 */
import type { ArmDocument, PropertyChange } from "../core/index.ts";

export type Status = "compliant" | "noncompliant" | "not-applicable" | "unknown" | "exempt";
export type Severity = "critical" | "high" | "medium" | "low";
export type Stage = "at-rest" | "in-transit" | "in-use" | "key-management";
export type Classification = "public" | "general" | "confidential" | "highly-confidential";

/** What happens to a non-compliant finding. `none` for everything else. */
export type Decision = "none" | "audit" | "ticket" | "remediate";

/** How much a fix can disturb the workload it touches. */
export type FixSafety = "safe" | "disruptive" | "irreversible";

export interface Evidence {
  /** Dotted path into the ARM document, e.g. `properties.minimumTlsVersion`. */
  path: string;
  actual: unknown;
  expected: string;
}

export interface Verdict {
  status: Status;
  evidence: Evidence;
  /** Why the status is what it is, when the evidence alone does not say (exemptions, defaults). */
  reason?: string;
}

export interface EvalContext {
  classification: Classification;
}

export interface PlannedFix {
  resourceId: string;
  resourceType: string;
  controlId: string;
  safety: FixSafety;
  changes: PropertyChange[];
  summary: string;
}

/** Parameters a policy gives a fix (a key to use, a workspace to send logs to...). */
export type FixParameters = Record<string, unknown>;

/** What a control's fix proposes; the engine turns it into a PlannedFix. */
export interface FixProposal {
  changes: PropertyChange[];
  summary: string;
}

export interface FixSpec {
  safety: FixSafety;
  /** Returns undefined when the fix cannot be planned, e.g. a required parameter is missing. */
  plan(doc: ArmDocument, params: FixParameters): FixProposal | undefined;
}

export interface ControlRefs {
  waf: "SE:07";
  mcsb?: string;
  policy?: string;
  psrule?: string;
}

export interface Control {
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
  evaluate(doc: ArmDocument, ctx: EvalContext): Verdict;
  fix?: FixSpec;
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
