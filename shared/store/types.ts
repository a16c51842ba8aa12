import type { Finding, PlannedFix } from "../controls/types.ts";

export type ActionKind = "remediation" | "ticket" | "rollback";

/**
 * - intent: recorded before the write, with the before-state, so a crash leaves a trace
 * - planned: a dry run stopped here
 * - already-compliant: the desired state was there when we looked again; nothing written
 * - applied: written and confirmed by a re-read
 * - not-confirmed: written, but the re-read still finds it non-compliant
 * - failed: the write failed
 * - pending: a ticket waiting for a sink
 */
export type ActionStatus = "intent" | "planned" | "already-compliant" | "applied" | "not-confirmed" | "failed" | "pending";

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
  fix?: PlannedFix;
  /** The finding that led to this action. */
  finding: Finding;
  /** The values of the changed properties as re-read after the write. */
  after?: Record<string, unknown>;
  error?: string;
}

/** Where findings and actions go. The Azure Table ledger is one; a memory list serves the offline CLI. */
export interface Recorder {
  recordFindings(findings: readonly Finding[], at: Date): Promise<void>;
  recordAction(action: ActionRecord): Promise<void>;
}
