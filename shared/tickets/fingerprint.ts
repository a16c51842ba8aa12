import { createHash } from "node:crypto";

/**
 * One problem = one control on one resource. ARM ids arrive in any casing (events, lists,
 * Resource Graph), so the id is lower-cased and stripped of a trailing slash first.
 */
export function fingerprintOf(controlId: string, resourceId: string): string {
  const key = `${controlId}\n${resourceId.replace(/\/+$/, "").toLowerCase()}`;
  // 20 hex digits (80 bits) keep the marker under GitHub's 50-character label limit.
  return createHash("sha256").update(key).digest("hex").slice(0, 20);
}

/** Every ticket carries this label / tag, so all of ours can be listed in one query. */
export const TICKET_MARKER = "encryption-guard";

const MARKER_PREFIX = "eg-fp-";

/** What is written on the ticket (GitHub label, Azure DevOps tag, ServiceNow correlation id). */
export function fingerprintMarker(fingerprint: string): string {
  return `${MARKER_PREFIX}${fingerprint}`;
}

/** The fingerprint a marker carries, or undefined for any other label or tag. */
export function fingerprintFromMarker(marker: string): string | undefined {
  const match = /^eg-fp-([0-9a-f]{20})$/.exec(marker.trim().toLowerCase());
  return match?.[1];
}

/**
 * The severity label or tag. The finding comes from a ledger row: a severity that is not one of
 * the four would otherwise name any label, or add tags to an Azure DevOps item (`high; other`).
 */
export function severityMarker(severity: string): string {
  return `severity:${/^(critical|high|medium|low)$/.test(severity) ? severity : "unknown"}`;
}
