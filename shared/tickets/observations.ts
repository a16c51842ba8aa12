import type { ActionRecord, RecordedFinding } from "../store/types.ts";
import { fingerprintOf } from "./fingerprint.ts";
import type { TicketIntent } from "./store.ts";

/** What a scan says about one fingerprint's ticket. */
export interface TicketObservation {
  fingerprint: string;
  intent: TicketIntent;
}

export interface ScanResult {
  findings: readonly RecordedFinding[];
  actions: readonly ActionRecord[];
}

export interface ObservationOptions {
  observedAt: Date;
}

function closeIntent(finding: RecordedFinding, reason: "compliant" | "exempt" | "not-applicable", observedAt: string, detail?: string): TicketIntent {
  return { kind: "close", reason, resourceId: finding.resourceId, controlId: finding.controlId, finding, ...(detail ? { detail } : {}), observedAt };
}

/**
 * Turns a scan's findings and actions into ticket intents: a pending ticket action asks for an
 * open ticket; a compliant, exempt or no longer applicable finding, or a fix that was applied
 * and confirmed, asks for the ticket to be closed. Findings that change nothing (audit,
 * unknown, a fix still planned) say nothing about tickets.
 */
export function observationsFromScan(scan: ScanResult, options: ObservationOptions): TicketObservation[] {
  const observedAt = options.observedAt.toISOString();
  const byFingerprint = new Map<string, TicketIntent>();
  for (const finding of scan.findings) {
    const intent =
      finding.status === "compliant"
        ? closeIntent(finding, "compliant", observedAt)
        : finding.status === "exempt"
          ? closeIntent(finding, "exempt", observedAt, finding.reason)
          : finding.status === "not-applicable"
            ? closeIntent(finding, "not-applicable", observedAt, finding.reason)
            : undefined;
    if (intent) byFingerprint.set(fingerprintOf(finding.controlId, finding.resourceId), intent);
  }
  // Actions come second: they are what the scan did about a finding, so they decide.
  for (const action of scan.actions) {
    const fingerprint = fingerprintOf(action.controlId, action.resourceId);
    if (action.kind === "ticket" && action.status === "pending") {
      const owner = action.finding.owner;
      const subject = {
        finding: action.finding,
        ...(owner ? { owner } : {}),
        ...(action.fix ? { fix: action.fix } : {}),
        ...(action.reason ? { reason: action.reason } : {}),
        ...(action.exception ? { exception: action.exception } : {}),
      };
      byFingerprint.set(fingerprint, { kind: "open", subject, observedAt });
    } else if (action.kind === "remediation" && action.status === "applied") {
      // The action's finding is the one before the fix, so its evidence is not quoted.
      byFingerprint.set(fingerprint, {
        kind: "close",
        reason: "compliant",
        resourceId: action.resourceId,
        controlId: action.controlId,
        detail: `fixed by Encryption Guard (action ${action.id})`,
        observedAt,
      });
    }
  }
  return [...byFingerprint].map(([fingerprint, intent]) => ({ fingerprint, intent }));
}
