import { showValue, type TicketSubject } from "./content.ts";
import type { Inline } from "./text/index.ts";

/**
 * What a ticket's readers care about. A re-detection comments only when one of these moved;
 * the evaluation time, the correlation id and the like never make a comment.
 */
export interface FindingSnapshot {
  status: string;
  severity: string;
  classification: string;
  owner: string;
  path: string;
  actual: string;
  expected: string;
  reason: string;
}

export function snapshotOf(subject: TicketSubject): FindingSnapshot {
  const { finding, owner } = subject;
  return {
    status: finding.status,
    severity: finding.severity,
    classification: finding.classification,
    owner: owner ?? "",
    path: finding.evidence.path,
    actual: showValue(finding.evidence.actual),
    expected: finding.evidence.expected,
    reason: subject.reason ?? finding.reason ?? "",
  };
}

const LABELS: Record<keyof FindingSnapshot, string> = {
  status: "Status",
  severity: "Severity",
  classification: "Classification",
  owner: "Owner",
  path: "Property",
  actual: "Actual value",
  expected: "Expected",
  reason: "Reason",
};

/** One list item per field that changed, in a fixed order; empty when nothing did. */
export function describeChanges(before: FindingSnapshot, after: FindingSnapshot): Inline[][] {
  return (Object.keys(LABELS) as (keyof FindingSnapshot)[])
    .filter((field) => before[field] !== after[field])
    .map((field) => [`${LABELS[field]}: `, { code: before[field] || "none" }, " → ", { code: after[field] || "none" }]);
}
