import type { ScanOutcome } from "../../shared/workflow/index.ts";

/** A scan's findings and actions as the HTTP API answers them. */
export function scanSummary(outcome: Pick<ScanOutcome, "findings" | "actions">) {
  return {
    findings: outcome.findings.map((f) => ({
      resourceId: f.resourceId,
      controlId: f.controlId,
      status: f.status,
      severity: f.severity,
      evidence: f.evidence,
      decision: f.decision,
      ...(f.reason ? { reason: f.reason } : {}),
    })),
    actions: outcome.actions.map((a) => ({ id: a.id, kind: a.kind, status: a.status, resourceId: a.resourceId, controlId: a.controlId, ...(a.error ? { error: a.error } : {}) })),
  };
}
