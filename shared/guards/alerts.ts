import type { Evidence, Finding, Stage } from "../controls/types.ts";

/** Control ids of the findings the service raises about itself. */
export const BLAST_RADIUS_ALERT = "guard.blast-radius";
export const SWEEP_SHARE_ALERT = "guard.sweep-share";
export const GUARD_ALERTS = [BLAST_RADIUS_ALERT, SWEEP_SHARE_ALERT] as const;

/** The estate as a scope: every subscription the service guards. */
export const ESTATE_SCOPE = "/";

export interface AlertInput {
  controlId: (typeof GUARD_ALERTS)[number];
  /** `/subscriptions/{id}`, or ESTATE_SCOPE. */
  scope: string;
  title: string;
  evidence: Evidence;
  reason: string;
  /** The encryption stage of the fixes that were held back. */
  stage: Stage;
}

/**
 * A finding about the service itself: fixes were held back and a person must look. It is
 * recorded beside the resources' findings (GET /api/findings?control=guard.blast-radius).
 */
export function guardAlert(input: AlertInput): Finding {
  return {
    resourceId: input.scope,
    resourceType: input.scope === ESTATE_SCOPE ? "Microsoft.Resources/tenants" : "Microsoft.Resources/subscriptions",
    controlId: input.controlId,
    title: input.title,
    status: "noncompliant",
    severity: "high",
    stage: input.stage,
    classification: "general",
    evidence: input.evidence,
    reason: input.reason,
    decision: "ticket",
  };
}
