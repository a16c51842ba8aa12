import type { Exemption } from "../config/index.ts";
import type { Finding, Severity } from "../controls/types.ts";
import { resourceKey } from "../core/index.ts";
import type { FixMade, OpenTicket, ReportExtras, TrendDay } from "./html/model.ts";

/** The parts of a recorded fix a report shows (the ledger's ActionRecord has them). */
export interface AppliedFix {
  id: string;
  resourceId: string;
  controlId: string;
  actor: string;
  startedAt: string;
  finishedAt?: string;
  fix?: { summary: string };
  rolledBackBy?: string;
}

/** The parts of a ticket record a report shows (the ticket ledger's TicketRecord has them). */
export interface TicketView {
  resourceId: string;
  controlId: string;
  ref: { key: string; display: string; url?: string };
  snapshot?: { severity: string };
}

/** What a report reads from the ledger. The ledger's stores provide it; this layer imports none of them. */
export interface LedgerView {
  findings: readonly (Finding & { firstSeen: string })[];
  trend: readonly TrendDay[];
  appliedFixes: readonly AppliedFix[];
  openTickets: readonly TicketView[];
}

const DAY_MS = 86_400_000;
const SEVERITIES = new Set<string>(["critical", "high", "medium", "low"]);

export function fixMade(action: AppliedFix): FixMade {
  return {
    actionId: action.id,
    resourceId: action.resourceId,
    controlId: action.controlId,
    summary: action.fix?.summary ?? "",
    at: action.finishedAt ?? action.startedAt,
    actor: action.actor,
    ...(action.rolledBackBy ? { rolledBackBy: action.rolledBackBy } : {}),
  };
}

export interface LedgerReportOptions {
  source: string;
  now: Date;
  /** Fixes older than this many days are left out, as the trend leaves out older days. */
  days: number;
  exemptions: readonly Exemption[];
  exemptionWindowDays?: number;
}

/**
 * The HTML report's history from the ledger: fixes in the window newest first, and open
 * tickets dated from when their finding became non-compliant (the ledger's firstSeen).
 */
export function ledgerExtras(view: LedgerView, options: LedgerReportOptions): ReportExtras {
  const since = options.now.getTime() - options.days * DAY_MS;
  const noncompliant = new Map(view.findings.filter((f) => f.status === "noncompliant").map((f) => [`${resourceKey(f.resourceId)}|${f.controlId}`, f]));
  const tickets: OpenTicket[] = view.openTickets.map((ticket) => {
    const finding = noncompliant.get(`${resourceKey(ticket.resourceId)}|${ticket.controlId}`);
    const recorded = ticket.snapshot?.severity;
    const severity = finding?.severity ?? (recorded && SEVERITIES.has(recorded) ? (recorded as Severity) : undefined);
    return {
      resourceId: ticket.resourceId,
      controlId: ticket.controlId,
      display: ticket.ref.display || ticket.ref.key,
      ...(ticket.ref.url ? { url: ticket.ref.url } : {}),
      ...(severity ? { severity } : {}),
      ...(finding ? { openedAt: finding.firstSeen } : {}),
      ...(typeof finding?.evidence.dueBy === "string" ? { dueBy: finding.evidence.dueBy } : {}),
    };
  });
  return {
    source: options.source,
    trend: view.trend,
    fixes: view.appliedFixes
      .filter((a) => Date.parse(a.startedAt) >= since)
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
      .map(fixMade),
    tickets,
    exemptions: options.exemptions,
    ...(options.exemptionWindowDays ? { exemptionWindowDays: options.exemptionWindowDays } : {}),
  };
}
