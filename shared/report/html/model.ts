import { expiryInstant, type Exemption } from "../../config/index.ts";
import { controlById } from "../../controls/index.ts";
import type { Classification, Finding, Severity, Stage, Status } from "../../controls/types.ts";
import { CLASSIFICATION_LEVELS } from "../../controls/index.ts";
import { placeOf, resourceNameOf, SEVERITIES, shown, sortForPeople, STATUSES } from "../cells.ts";
import { controlDocUrl } from "../context.ts";

/** One day of the ledger's posture: every finding's last known status that day. */
export interface TrendDay {
  /** YYYY-MM-DD, UTC. */
  day: string;
  counts: Partial<Record<Status, number>>;
}

/** A fix the service made, with the id `rollback` takes. */
export interface FixMade {
  actionId: string;
  resourceId: string;
  controlId: string;
  summary: string;
  at: string;
  actor: string;
  /** The rollback that undid it, when one did. */
  rolledBackBy?: string;
}

export interface OpenTicket {
  resourceId: string;
  controlId: string;
  /** How the sink names it: `#42`, `INC0010001`. */
  display: string;
  url?: string;
  severity?: Severity;
  /** When the finding became non-compliant (the ledger's firstSeen). */
  openedAt?: string;
  /** A deadline the finding itself carries (a certificate's expiry: `evidence.dueBy`); the earlier of it and the severity's days wins. */
  dueBy?: string;
}

/** What the HTML report says beyond the findings: where they came from and, from the ledger, their history. */
export interface ReportExtras {
  /** "evaluate docs.json", "scan of 2 subscriptions", "ledger". */
  source: string;
  /** Resources evaluated; distinct resources of the findings when absent. */
  resources?: number;
  trend?: readonly TrendDay[];
  fixes?: readonly FixMade[];
  tickets?: readonly OpenTicket[];
  /** The policy's exemptions; those expiring within `exemptionWindowDays` are listed. */
  exemptions?: readonly Exemption[];
  exemptionWindowDays?: number;
}

/**
 * Days to fix by severity when a ticket's system sets no due date: CISA BOD 19-02's 15 days for
 * critical and 30 for high, and FedRAMP's 90 and 180 days for moderate and low.
 */
export const DAYS_TO_FIX: Record<Severity, number> = { critical: 15, high: 30, medium: 90, low: 180 };
const DAY_MS = 86_400_000;

export type Counts = Record<Status, number>;
const zero = (): Counts => ({ noncompliant: 0, unknown: 0, exempt: 0, compliant: 0, "not-applicable": 0 });

export interface FindingRow {
  name: string;
  resourceId: string;
  group: string;
  subscription: string;
  controlId: string;
  title: string;
  docUrl: string;
  severity: Severity;
  classification: Classification;
  stage: Stage;
  decision: string;
  path: string;
  actual: string;
  expected: string;
  reason: string;
}

export interface ReportModel {
  generatedAt: string;
  source: string;
  resources: number;
  total: number;
  counts: Counts;
  bySeverity: Record<Severity, number>;
  byStage: { stage: Stage; counts: Counts }[];
  byClassification: { classification: Classification; counts: Counts }[];
  worstControls: { controlId: string; title: string; severity: Severity; docUrl: string; noncompliant: number; applicable: number }[];
  worstGroups: { subscription: string; group: string; noncompliant: number; bySeverity: Record<Severity, number> }[];
  worstSubscriptions: { subscription: string; noncompliant: number }[];
  rows: FindingRow[];
  /** Compliant share of the evaluated findings (compliant, non-compliant, unknown) per day. */
  trend?: { day: string; compliantPercent: number; noncompliant: number; evaluated: number }[];
  fixes?: (FixMade & { name: string })[];
  tickets?: (OpenTicket & { name: string; due?: string; overdue: boolean })[];
  exemptions?: { scope: string; controls: string; reason: string; expires: string; expired: boolean; daysLeft: number }[];
  exemptionWindowDays: number;
}

const STAGES: readonly Stage[] = ["at-rest", "in-transit", "in-use", "key-management"];
const TOP = 10;

function tally<K extends string>(keys: readonly K[], findings: readonly Finding[], keyOf: (f: Finding) => K): { key: K; counts: Counts }[] {
  const map = new Map<K, Counts>(keys.map((k) => [k, zero()]));
  for (const f of findings) {
    const counts = map.get(keyOf(f)) ?? zero();
    counts[f.status] += 1;
    map.set(keyOf(f), counts);
  }
  return [...map].map(([key, counts]) => ({ key, counts }));
}

const percent = (part: number, whole: number) => (whole === 0 ? 100 : Math.round((part / whole) * 1000) / 10);

/** Service alerts (`guard.*`) are about the service, not the estate: the posture leaves them out. */
const isEstateFinding = (f: Finding) => !f.controlId.startsWith("guard.");

export function buildModel(allFindings: readonly Finding[], extras: ReportExtras, options: { generatedAt: Date; docsBaseUrl?: string }): ReportModel {
  const findings = allFindings.filter(isEstateFinding);
  const now = options.generatedAt;
  const docUrl = (controlId: string) => controlDocUrl(controlId, options.docsBaseUrl);
  const counts = zero();
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const controls = new Map<string, { noncompliant: number; applicable: number; finding: Finding }>();
  const groups = new Map<string, { subscription: string; group: string; noncompliant: number; bySeverity: Record<Severity, number> }>();
  const subscriptions = new Map<string, number>();
  for (const f of findings) {
    counts[f.status] += 1;
    const control = controls.get(f.controlId) ?? { noncompliant: 0, applicable: 0, finding: f };
    if (f.status !== "not-applicable") control.applicable += 1;
    controls.set(f.controlId, control);
    if (f.status !== "noncompliant") continue;
    bySeverity[f.severity] += 1;
    control.noncompliant += 1;
    const { subscriptionId, resourceGroup } = placeOf(f.resourceId);
    const key = `${subscriptionId.toLowerCase()}/${resourceGroup.toLowerCase()}`;
    const group = groups.get(key) ?? { subscription: subscriptionId, group: resourceGroup, noncompliant: 0, bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number> };
    group.noncompliant += 1;
    group.bySeverity[f.severity] += 1;
    groups.set(key, group);
    subscriptions.set(subscriptionId, (subscriptions.get(subscriptionId) ?? 0) + 1);
  }
  const severityRank = (s: Severity) => SEVERITIES.indexOf(s);
  const worstControls = [...controls]
    .filter(([, c]) => c.noncompliant > 0)
    .sort(([a, x], [b, y]) => y.noncompliant - x.noncompliant || severityRank(x.finding.severity) - severityRank(y.finding.severity) || a.localeCompare(b))
    .slice(0, TOP)
    .map(([controlId, c]) => ({
      controlId,
      title: controlById(controlId)?.title ?? c.finding.title,
      severity: c.finding.severity,
      docUrl: docUrl(controlId),
      noncompliant: c.noncompliant,
      applicable: c.applicable,
    }));
  const rows = sortForPeople(findings.filter((f) => f.status === "noncompliant")).map((f) => ({
    name: resourceNameOf(f.resourceId),
    resourceId: f.resourceId,
    group: placeOf(f.resourceId).resourceGroup,
    subscription: placeOf(f.resourceId).subscriptionId,
    controlId: f.controlId,
    title: f.title,
    docUrl: docUrl(f.controlId),
    severity: f.severity,
    classification: f.classification,
    stage: f.stage,
    decision: f.decision,
    path: f.evidence.path,
    actual: shown(f.evidence.actual),
    expected: f.evidence.expected,
    reason: f.reason ?? "",
  }));
  const windowDays = extras.exemptionWindowDays ?? 30;
  return {
    generatedAt: now.toISOString(),
    source: extras.source,
    resources: extras.resources ?? new Set(findings.map((f) => f.resourceId.toLowerCase())).size,
    total: findings.length,
    counts,
    bySeverity,
    byStage: tally(STAGES, findings, (f) => f.stage).map(({ key, counts }) => ({ stage: key, counts })),
    byClassification: tally(CLASSIFICATION_LEVELS, findings, (f) => f.classification).map(({ key, counts }) => ({ classification: key, counts })),
    worstControls,
    worstGroups: [...groups.values()].sort((a, b) => b.noncompliant - a.noncompliant || a.group.localeCompare(b.group)).slice(0, TOP),
    worstSubscriptions: [...subscriptions]
      .map(([subscription, noncompliant]) => ({ subscription, noncompliant }))
      .sort((a, b) => b.noncompliant - a.noncompliant || a.subscription.localeCompare(b.subscription))
      .slice(0, TOP),
    rows,
    ...(extras.trend
      ? {
          trend: extras.trend.map(({ day, counts: c }) => {
            const evaluated = (c.compliant ?? 0) + (c.noncompliant ?? 0) + (c.unknown ?? 0);
            return { day, compliantPercent: percent(c.compliant ?? 0, evaluated), noncompliant: c.noncompliant ?? 0, evaluated };
          }),
        }
      : {}),
    ...(extras.fixes ? { fixes: extras.fixes.map((fix) => ({ ...fix, name: resourceNameOf(fix.resourceId) })) } : {}),
    ...(extras.tickets
      ? {
          tickets: extras.tickets.map((ticket) => {
            const bySeverity = ticket.openedAt && ticket.severity ? new Date(Date.parse(ticket.openedAt) + DAYS_TO_FIX[ticket.severity] * DAY_MS) : undefined;
            const byFinding = ticket.dueBy ? new Date(ticket.dueBy) : undefined;
            const dates = [bySeverity, byFinding].filter((d): d is Date => d !== undefined && !Number.isNaN(d.getTime()));
            const due = dates.length > 0 ? new Date(Math.min(...dates.map((d) => d.getTime()))) : undefined;
            const valid = due !== undefined;
            return { ...ticket, name: resourceNameOf(ticket.resourceId), ...(valid ? { due: due.toISOString().slice(0, 10) } : {}), overdue: !!valid && due < now };
          }),
        }
      : {}),
    ...(extras.exemptions
      ? {
          exemptions: extras.exemptions
            .flatMap((e) => (e.expires ? [{ ...e, expires: e.expires, instant: expiryInstant(e.expires) }] : []))
            // Expiring within the window, or expired within it: an expired exemption's findings are back.
            .filter((e) => Math.abs(e.instant.getTime() - now.getTime()) <= windowDays * DAY_MS)
            .sort((a, b) => a.instant.getTime() - b.instant.getTime())
            .map((e) => ({
              scope: e.scope,
              controls: e.controls.join(", "),
              reason: e.reason,
              expires: e.expires,
              expired: e.instant <= now,
              daysLeft: Math.ceil((e.instant.getTime() - now.getTime()) / DAY_MS),
            })),
        }
      : {}),
    exemptionWindowDays: windowDays,
  };
}

export { STATUSES, STAGES };
