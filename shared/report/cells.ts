import type { Finding, Severity, Status } from "../controls/types.ts";
import { parseResourceId, resourceNameOf } from "../core/index.ts";

export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];
export const STATUSES: readonly Status[] = ["noncompliant", "unknown", "exempt", "compliant", "not-applicable"];

const SEVERITY_RANK = new Map(SEVERITIES.map((s, i) => [s, i]));
const STATUS_RANK = new Map(STATUSES.map((s, i) => [s, i]));

/** An evidence value as text: strings as they are, anything else as JSON, a missing value said so. */
export function shown(value: unknown): string {
  if (value === null || value === undefined) return "(absent)";
  return typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
}

/**
 * Control characters (a terminal escape sequence in a tag), and the bidirectional overrides that
 * make text read differently from what it is, written as visible escapes: untrusted text must
 * never drive the terminal or the reader.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function visible(text: string): string {
  return text.replace(INVISIBLE, (c) => (c === "\n" ? "\\n" : c === "\t" ? "\\t" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
}

/** Where a resource lives, for grouping and for telling two same-named resources apart. */
export function placeOf(resourceId: string): { subscriptionId: string; resourceGroup: string } {
  try {
    const { subscriptionId, resourceGroup } = parseResourceId(resourceId);
    return { subscriptionId, resourceGroup };
  } catch {
    // An id that does not parse still says where it lives, as far as it goes.
    const subscription = /^\/subscriptions\/([^/]+)/i.exec(resourceId)?.[1];
    const group = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)/i.exec(resourceId)?.[1];
    return { subscriptionId: subscription ?? "", resourceGroup: group ?? "" };
  }
}

export { resourceNameOf };

/**
 * The order people read findings in: problems first (non-compliant, then unknown), the most
 * severe first, then by resource name and control so that equal runs come out the same.
 * Names are worked out once per finding, not once per comparison.
 */
export function sortForPeople<T extends Finding>(findings: readonly T[]): T[] {
  const rank = (f: Finding) => (STATUS_RANK.get(f.status) ?? STATUSES.length) * 10 + (SEVERITY_RANK.get(f.severity) ?? SEVERITIES.length);
  return findings
    .map((finding) => ({ finding, rank: rank(finding), name: resourceNameOf(finding.resourceId) }))
    .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name) || a.finding.resourceId.localeCompare(b.finding.resourceId) || a.finding.controlId.localeCompare(b.finding.controlId))
    .map(({ finding }) => finding);
}

export function statusCounts(findings: Iterable<Finding>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.status] = (counts[f.status] ?? 0) + 1;
  return counts;
}

/** "3 findings: 1 noncompliant, 2 compliant" from counts by status, in the order people read them. */
export function summaryOf(total: number, counts: Readonly<Record<string, number>>): string {
  const parts = STATUSES.filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`);
  return `${total} findings${parts.length ? `: ${parts.join(", ")}` : ""}`;
}

export function summaryLine(findings: readonly Finding[]): string {
  return summaryOf(findings.length, statusCounts(findings));
}
