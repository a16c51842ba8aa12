import type { Finding, PlannedFix } from "../controls/types.ts";

export type ActionKind = "remediation" | "ticket" | "rollback";

/**
 * - intent: recorded before the write, with the before-state, so a crash leaves a trace
 * - planned: a dry run stopped here
 * - already-compliant: the desired state was there when we looked again; nothing written
 * - applied: written and confirmed by a re-read
 * - not-confirmed: written, but the re-read still finds it non-compliant
 * - failed: the write failed (or a run died before it, found out later)
 * - pending: a ticket waiting for a sink
 */
export type ActionStatus = "intent" | "planned" | "already-compliant" | "applied" | "not-confirmed" | "failed" | "pending";

/**
 * Automatic fixing stopped for one resource and control, like AWS Config's remediation
 * exceptions: the fix did not stick (drift), or a person rolled it back. Findings become
 * tickets carrying the mark until it expires or an Approver clears it
 * (POST /api/exceptions/clear).
 */
export interface ExceptionMark {
  kind: "drift" | "rollback";
  reason: string;
  since: string;
  /** When automatic fixing resumes by itself; a rollback's mark always has one. Absent: until cleared. */
  expires?: string;
  /** Who set it, for a person's decision (a rollback). */
  by?: string;
}

/** Whether the mark still holds fixes back at `now`. */
export function markActive(mark: ExceptionMark, now: Date): boolean {
  return mark.expires === undefined || Date.parse(mark.expires) > now.getTime();
}

/**
 * A finding as the ledger keeps it, with the exception mark when automatic fixing stopped.
 * Findings about the service itself (the blast-radius breaker opened, a sweep asked before
 * fixing too much) use `guard.*` control ids.
 */
export type RecordedFinding = Finding & { exception?: ExceptionMark };

export interface StoredFinding extends RecordedFinding {
  /** When the finding first had its current status. */
  firstSeen: string;
  /** The latest evaluation. */
  lastSeen: string;
}

export interface ActionRecord {
  id: string;
  kind: ActionKind;
  status: ActionStatus;
  resourceId: string;
  controlId: string;
  /** Who acted: the service's identity for automatic fixes, a person for manual ones. */
  actor: string;
  correlationId: string;
  startedAt: string;
  finishedAt?: string;
  /** The change, with each property's before-state (what a rollback restores). */
  fix?: PlannedFix;
  /** The finding that led to this action. */
  finding: Finding;
  /** The values of the changed properties as re-read after the write. */
  after?: Record<string, unknown>;
  error?: string;
  /** Why a ticket replaced a fix (breaker, exception, sweep share), when the finding does not say. */
  reason?: string;
  exception?: ExceptionMark;
  /** For a rollback: the remediation it undid. */
  rollbackOf?: string;
  /** For a remediation: the rollback that undid it. */
  rolledBackBy?: string;
  /** Set when a later run established the outcome of a run that died after its write. */
  reconciledAt?: string;
}

/** Where findings and actions go. The Azure Table ledger is one; a memory list serves the offline CLI. */
export interface Recorder {
  recordFindings(findings: readonly RecordedFinding[], at: Date): Promise<void>;
  recordAction(action: ActionRecord): Promise<void>;
}
