import type { Finding } from "../controls/types.ts";
import { resourceKey } from "../core/index.ts";

/** A document a run was given but did not evaluate, and why (`evaluate`). */
export interface UnevaluatedDocument {
  /** Its place in the input, from 0. */
  index: number;
  resourceId: string;
  type: string;
  problem: "invalid-id" | "type-mismatch" | "unknown-type" | "not-covered";
  message: string;
}

/** A fix a run made, as its output reports it (`scan`). */
export interface RunFix {
  actionId: string;
  resourceId: string;
  controlId: string;
  /** applied (written and confirmed by a re-read), planned (dry run), not-confirmed or failed. */
  status: string;
  summary: string;
  changes: { path: string; before: unknown; after: unknown }[];
  error?: string;
  /** Whether the fix is in a ledger, where `encryption-guard rollback <actionId>` finds it. */
  recorded: boolean;
}

/** The parts of a recorded remediation a run's output shows (the ledger's ActionRecord has them). */
export interface RemediationView {
  id: string;
  resourceId: string;
  controlId: string;
  status: string;
  fix?: { summary: string; changes: readonly { path: string; before?: unknown; after?: unknown }[] };
  error?: string;
}

export function runFixOf(action: RemediationView, recorded: boolean): RunFix {
  return {
    actionId: action.id,
    resourceId: action.resourceId,
    controlId: action.controlId,
    status: action.status,
    summary: action.fix?.summary ?? "",
    changes: (action.fix?.changes ?? []).map((c) => ({ path: c.path, before: c.before ?? null, after: c.after ?? null })),
    ...(action.error ? { error: action.error } : {}),
    recorded,
  };
}

/**
 * The findings as they stand after the run's fixes: a fix applied and confirmed by a re-read
 * made its finding compliant (the value it wrote is the evidence now); one that failed says so.
 * Without this a table shows a fixed resource as `noncompliant … remediate`.
 */
export function afterFixes<T extends Finding>(findings: readonly T[], fixes: readonly RunFix[]): T[] {
  const byTarget = new Map(fixes.map((fix) => [`${resourceKey(fix.resourceId)}|${fix.controlId}`, fix]));
  return findings.map((finding) => {
    const fix = finding.status === "noncompliant" ? byTarget.get(`${resourceKey(finding.resourceId)}|${finding.controlId}`) : undefined;
    if (!fix) return finding;
    if (fix.status === "applied") {
      const change = fix.changes.find((c) => c.path === finding.evidence.path);
      return { ...finding, status: "compliant", evidence: { ...finding.evidence, actual: change ? change.after : finding.evidence.actual }, reason: `fixed by action ${fix.actionId}` };
    }
    if (fix.status === "failed" || fix.status === "not-confirmed")
      return { ...finding, reason: `the fix ${fix.status === "failed" ? "failed" : "did not show on a re-read"} (action ${fix.actionId})${fix.error ? `: ${fix.error}` : ""}` };
    return finding;
  });
}
