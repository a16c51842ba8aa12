import { createHash } from "node:crypto";
import type { Anomaly } from "../anomalies/types.ts";
import type { Evidence, Status } from "../controls/types.ts";
import type { ActionRecord, RecordedFinding } from "../store/types.ts";
import { fingerprintOf } from "../tickets/fingerprint.ts";
import { cleanText, jsonSafe } from "../tickets/text/index.ts";
import type { PropertyChange } from "../core/index.ts";

/** The event types other systems subscribe to; see docs/events.md. */
export const GUARD_EVENT_TYPES = {
  findingOpened: "EncryptionGuard.FindingOpened",
  findingResolved: "EncryptionGuard.FindingResolved",
  remediationApplied: "EncryptionGuard.RemediationApplied",
  remediationFailed: "EncryptionGuard.RemediationFailed",
  rollbackApplied: "EncryptionGuard.RollbackApplied",
  keyAccessAnomaly: "EncryptionGuard.KeyAccessAnomaly",
} as const;

export type GuardEventType = (typeof GUARD_EVENT_TYPES)[keyof typeof GUARD_EVENT_TYPES];

/** The schema version of every event's `data`; it changes only when a field changes meaning or goes away. */
export const DATA_VERSION = "1.0";

export interface GuardEvent<T = unknown> {
  /** Stable for the same fact, so a subscriber can drop a duplicate delivery by id. */
  id: string;
  eventType: GuardEventType;
  /** The resource (or key vault) the event is about: subscribers filter with subjectBeginsWith. */
  subject: string;
  eventTime: Date;
  dataVersion: string;
  data: T;
}

export type Resolution = "compliant" | "exempt" | "not-applicable" | "deleted";

export interface FindingOpenedData {
  fingerprint: string;
  resourceId: string;
  resourceType: string;
  controlId: string;
  title: string;
  severity: string;
  stage: string | null;
  classification: string;
  evidence: Evidence;
  decision: string;
  reason: string | null;
  /** The status before, null when the finding is new. */
  previousStatus: Status | null;
}

export interface FindingResolvedData {
  fingerprint: string;
  resourceId: string;
  controlId: string;
  resolution: Resolution;
  reason: string | null;
  /** The evidence that shows it resolved; null for a deleted resource. */
  evidence: Evidence | null;
}

export interface RemediationData {
  actionId: string;
  fingerprint: string;
  resourceId: string;
  resourceType: string | null;
  controlId: string;
  /** applied, or for RemediationFailed: failed (the write failed) or not-confirmed (written, but not compliant when read back). */
  status: string;
  summary: string | null;
  safety: string | null;
  changes: PropertyChange[];
  /** The changed properties as read back after the write. */
  after: Record<string, unknown> | null;
  error: string | null;
  actor: string;
  correlationId: string;
  startedAt: string;
  finishedAt: string | null;
  /** RollbackApplied only: the fix the rollback undid, and the reason the Approver gave. */
  rollbackOf?: string | null;
  reason?: string | null;
}

/** A UUID-shaped digest of the fact an event reports. */
function eventId(...parts: string[]): string {
  const hex = createHash("sha256").update(parts.join("\n")).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The envelope every event shares; the id derives from what makes the event unique, so a re-send
 * keeps it. Subject and data carry outside text (resource names, evidence, reasons, callers):
 * they stay data, cleaned of control and format characters and bounded (docs/events.md, "Outside text").
 */
function guardEvent<T>(eventType: GuardEventType, subject: string, eventTime: Date, idParts: string[], data: T): GuardEvent<T> {
  return { id: eventId(eventType, ...idParts), eventType, subject: cleanText(subject), eventTime, dataVersion: DATA_VERSION, data: jsonSafe(data) as T };
}

/** JSON cannot carry undefined; an absent actual value travels as null. */
function evidenceOf(finding: RecordedFinding): Evidence {
  return { path: finding.evidence.path, actual: finding.evidence.actual ?? null, expected: finding.evidence.expected };
}

export function findingOpenedEvent(finding: RecordedFinding, previousStatus: Status | undefined, at: Date): GuardEvent<FindingOpenedData> {
  const fingerprint = fingerprintOf(finding.controlId, finding.resourceId);
  return guardEvent(GUARD_EVENT_TYPES.findingOpened, finding.resourceId, at, [fingerprint, at.toISOString()], {
    fingerprint,
    resourceId: finding.resourceId,
    resourceType: finding.resourceType,
    controlId: finding.controlId,
    title: finding.title,
    severity: finding.severity,
    stage: finding.stage ?? null,
    classification: finding.classification,
    evidence: evidenceOf(finding),
    decision: finding.decision,
    reason: finding.reason ?? null,
    previousStatus: previousStatus ?? null,
  });
}

export function findingResolvedEvent(
  target: { resourceId: string; controlId: string },
  resolution: Resolution,
  at: Date,
  details: { reason?: string; finding?: RecordedFinding } = {},
): GuardEvent<FindingResolvedData> {
  const fingerprint = fingerprintOf(target.controlId, target.resourceId);
  return guardEvent(GUARD_EVENT_TYPES.findingResolved, target.resourceId, at, [fingerprint, at.toISOString()], {
    fingerprint,
    resourceId: target.resourceId,
    controlId: target.controlId,
    resolution,
    reason: details.reason ?? details.finding?.reason ?? null,
    evidence: details.finding ? evidenceOf(details.finding) : null,
  });
}

function actionEventType(action: ActionRecord): GuardEventType | undefined {
  if (action.kind === "rollback") return action.status === "applied" || action.status === "already-compliant" ? GUARD_EVENT_TYPES.rollbackApplied : undefined;
  if (action.kind !== "remediation") return undefined;
  if (action.status === "applied") return GUARD_EVENT_TYPES.remediationApplied;
  return action.status === "failed" || action.status === "not-confirmed" ? GUARD_EVENT_TYPES.remediationFailed : undefined;
}

/**
 * RemediationApplied for an applied fix, RemediationFailed for a failed or unconfirmed one,
 * RollbackApplied for a rollback that put the before-state back; undefined for any other action.
 */
export function remediationEvent(action: ActionRecord): GuardEvent<RemediationData> | undefined {
  const eventType = actionEventType(action);
  if (!eventType) return undefined;
  return guardEvent(eventType, action.resourceId, new Date(action.finishedAt ?? action.startedAt), [action.id, action.status], {
    actionId: action.id,
    fingerprint: fingerprintOf(action.controlId, action.resourceId),
    resourceId: action.resourceId,
    resourceType: action.fix?.resourceType ?? action.finding.resourceType ?? null,
    controlId: action.controlId,
    status: action.status,
    summary: action.fix?.summary ?? null,
    safety: action.fix?.safety ?? null,
    changes: action.fix?.changes.map((c) => ({ path: c.path, before: c.before ?? null, after: c.after ?? null })) ?? [],
    after: action.after ?? null,
    error: action.error ?? null,
    actor: action.actor,
    correlationId: action.correlationId,
    startedAt: action.startedAt,
    finishedAt: action.finishedAt ?? null,
    ...(action.kind === "rollback" ? { rollbackOf: action.rollbackOf ?? null, reason: action.reason ?? null } : {}),
  });
}

export function keyAccessAnomalyEvent(anomaly: Anomaly): GuardEvent<Anomaly> {
  const caller = anomaly.caller.oid || anomaly.caller.appid || anomaly.caller.upn;
  return guardEvent(GUARD_EVENT_TYPES.keyAccessAnomaly, anomaly.vault, new Date(anomaly.end), [anomaly.kind, anomaly.vault, caller, anomaly.start], anomaly);
}

export interface FindingChange {
  /** The status the ledger held before this evaluation; undefined for a finding seen the first time. */
  before?: Status;
  after: RecordedFinding;
}

const RESOLUTIONS: ReadonlySet<Status> = new Set(["compliant", "exempt", "not-applicable"]);

/**
 * FindingOpened when a finding becomes non-compliant, FindingResolved when a non-compliant one
 * becomes compliant, exempt or not applicable. Nothing for a finding whose status stayed.
 */
export function findingChangeEvents(changes: readonly FindingChange[], at: Date): GuardEvent[] {
  const events: GuardEvent[] = [];
  for (const { before, after } of changes) {
    if (after.status === "noncompliant" && before !== "noncompliant") events.push(findingOpenedEvent(after, before, at));
    else if (before === "noncompliant" && RESOLUTIONS.has(after.status)) {
      events.push(findingResolvedEvent(after, after.status as Resolution, at, { finding: after }));
    }
  }
  return events;
}
