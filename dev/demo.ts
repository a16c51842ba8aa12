import "./outsideHost.ts";
import { mkdtempSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Timer } from "@azure/functions";
import { startEmulator, type RunningEmulator } from "../emulator/index.ts";
import type { RuntimeFactory } from "../functions/hostRuntime.ts";
import { asQueueTrigger, invocationContext, serveHttpFunction, type LocalHttpFunction } from "./localHost.ts";
import { resourceChangedHandler } from "../functions/resourceChanged.ts";
import { eventGridExtension } from "./eventGridExtension.ts";
import { sweepHandler } from "../functions/sweepTimer.ts";
import { workerHandler } from "../functions/worker.ts";
import { DEFAULT_POLICY, type Policy } from "../shared/config/policy.ts";
import { parseSettings } from "../shared/config/settings.ts";
import type { EventGridEvent } from "../emulator/index.ts";
import { drainUntilQuiet } from "../shared/queue/index.ts";
import { FINDINGS_TABLE } from "../shared/ingest/index.ts";
import { formatFindings, ledgerExtras, renderTable, summaryLine } from "../shared/report/index.ts";
import { startAzurite, type RunningAzurite } from "./azurite.ts";
import { queryAll, type ActionRecord, type StoredFinding } from "../shared/store/index.ts";
import { resourceKey, silentLogger } from "../shared/core/index.ts";
import { emulatedFindingsLog } from "./findingsLog.ts";
import { localRuntime } from "./localRuntime.ts";
import type { QueuedRuntime } from "../shared/workflow/index.ts";

/** The identity the demo's service acts as; the emulator stamps it on the events our writes raise. */
export const DEMO_SERVICE_APPID = "e6c0a4f5-9d1b-4c52-8f2a-5a1e0b7d3c11";
const DEMO_SERVICE_OID = "e6c0a4f5-9d1b-4c52-8f2a-5a1e0b7d3c12";
const DEMO_USER_APPID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

/**
 * The demo estate is insecure on purpose: most of it needs a fix, which the default sweep share
 * cap (25%) would hold back for a person to confirm, and more fixes than the default blast radius
 * (20 an hour) lets through before the drift it shows next. The demo's policy lets a sweep fix
 * all of it and leaves room for that drift.
 */
const DEMO_POLICY: Policy = { ...DEFAULT_POLICY, limits: { ...DEFAULT_POLICY.limits, maxSweepFixShare: 1, maxFixesPerSubscriptionPerWindow: 40 } };

const TIMER: Timer = { isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: "", next: "", lastUpdated: "" } };

/** What `demo --json` prints: the run's figures, for scripts and the end-to-end test. */
export interface DemoSummary {
  resources: number;
  shards: number;
  resourcesNeedingFixes: number;
  findings: number;
  fixesApplied: number;
  armWritesForFixes: number;
  tickets: number;
  eventsDelivered: number;
  ownEvents: number;
  drift?: { resourceId: string; eventType: string; outcome: string };
  armRequests: ReturnType<typeof requestCounts>;
  /** The rows the emulated Logs Ingestion API received for the findings table. */
  logAnalytics: { table: string; rows: number; findings: number; actionStates: number };
  errors: number;
  report: string;
}
const name = (id: string) => id.split("/").filter(Boolean).slice(-1)[0] ?? id;

function requestCounts(emulator: RunningEmulator) {
  const counts = { GET: 0, PUT: 0, PATCH: 0, POST: 0, DELETE: 0, throttled: 0 };
  for (const r of emulator.requests) {
    if (r.method in counts) counts[r.method as keyof typeof counts] += 1;
    if (r.status === 429) counts.throttled += 1;
  }
  return counts;
}

// Resource Graph queries are POSTs that change nothing: only PUT, PATCH and DELETE write.
const writes = (emulator: RunningEmulator) => emulator.requests.filter((r) => ["PUT", "PATCH", "DELETE"].includes(r.method) && r.status < 300).length;

async function ledgerActions(runtime: QueuedRuntime): Promise<ActionRecord[]> {
  const rows = await queryAll(runtime.ledger.tables.open("actions"), {});
  const actions = await Promise.all(rows.map(async (row) => (await runtime.ledger.actions.get(row.partition))?.action));
  return actions.filter((a): a is ActionRecord => !!a).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

async function ledgerFindings(runtime: QueuedRuntime, subscriptionId: string): Promise<StoredFinding[]> {
  const findings: StoredFinding[] = [];
  let continuation: string | undefined;
  do {
    const page = await runtime.ledger.findings.list({ subscriptionId }, continuation ? { continuation } : {});
    findings.push(...page.findings);
    continuation = page.continuation;
  } while (continuation);
  return findings;
}

function fixRows(actions: readonly ActionRecord[]): string[][] {
  return actions.map((a) => [name(a.resourceId), a.controlId, a.fix?.summary ?? "", a.status]);
}

function ticketRows(actions: readonly ActionRecord[]): string[][] {
  // A ticket with a due date (a key that expires soon) says when it is due.
  const due = (a: ActionRecord) => (a.finding.evidence.dueBy ? `; due by ${a.finding.evidence.dueBy.slice(0, 10)}` : "");
  return actions.map((a) => [name(a.resourceId), a.controlId, a.finding.severity, `${a.reason ?? a.finding.reason ?? `expected ${a.finding.evidence.expected}`}${due(a)}`]);
}

/**
 * The main job on the embedded default, wired as the Functions app is: Azurite holds the ledger
 * and the work queue; the sweep timer queues shards, the queue worker evaluates, fixes what is
 * safe and tickets the rest; Event Grid's events (here from the ARM emulator) reach the
 * resourceChanged trigger, which queues them. Then a resource is turned insecure again and its event brings
 * the fix back.
 */
export async function runDemo(options: { json?: boolean } = {}): Promise<void> {
  const started = performance.now();
  // With --json the story is not told: one JSON object at the end says what happened.
  const out = (text = "") => {
    if (!options.json) process.stdout.write(`${text}\n`);
  };
  let azurite: RunningAzurite | undefined;
  let emulator: RunningEmulator | undefined;
  let webhook: LocalHttpFunction | undefined;
  try {
    [azurite, emulator] = await Promise.all([startAzurite(), startEmulator({ estate: "demo" })]);
    const arm = emulator;
    const [subscriptionId] = arm.subscriptions as [string];
    const findingsLog = emulatedFindingsLog(arm);
    const runtime = await localRuntime({
      endpoint: arm.endpoint,
      ca: arm.ca,
      connectionString: azurite.connectionString,
      identity: { appId: DEMO_SERVICE_APPID, objectId: DEMO_SERVICE_OID },
      policy: DEMO_POLICY,
      logger: silentLogger,
      subscriptionIds: [subscriptionId],
      retry: { retryDelayInMs: 200 },
      env: findingsLog.env,
    });
    const settings = parseSettings({ GUARD_SUBSCRIPTION_IDS: subscriptionId, GUARD_STORAGE: azurite.connectionString });
    const factory: RuntimeFactory = async (context) => ({ ...runtime, logger: context, settings });
    const delivered: EventGridEvent[] = [];
    // Event Grid reaches the resourceChanged trigger through the Functions host's Event Grid extension, as in Azure.
    const extension = eventGridExtension(resourceChangedHandler(factory));
    webhook = await serveHttpFunction(extension, "events", (body) => delivered.push(...(JSON.parse(body) as EventGridEvent[])));
    arm.webhooks.add(webhook.url);
    const work = () => drainUntilQuiet(runtime.queue, asQueueTrigger(workerHandler(factory)), () => arm.flushEvents(), { concurrency: 8, retryDelaySeconds: 1, idleMs: 100 });

    out(`Encryption Guard demo: ARM emulator at ${arm.endpoint}, subscription ${subscriptionId}`);
    out(`   ledger and work queue in Azurite at ${azurite.tableEndpoint.replace(/\/[^/]+$/, "")} (tables and queue ${runtime.queue.name})`);
    out();
    out("1. Sweep: the timer queues a shard per resource type; queue workers evaluate every resource, fix what is safe, ticket the rest");
    const queued = (await sweepHandler(factory)(TIMER, invocationContext("sweep")))!;
    const armWritesBefore = writes(arm);
    await work();
    const totals = await runtime.ledger.sweeps.totals(queued.sweepId, { withFixTargets: true });
    const actions = await ledgerActions(runtime);
    const fixes = actions.filter((a) => a.kind === "remediation");
    const applied = fixes.filter((a) => a.status === "applied");
    const tickets = actions.filter((a) => a.kind === "ticket");
    out(
      `   ${totals.resources} resources in ${totals.shards} shards; ${totals.fixTargets.length} of them needed fixes (this demo's policy lets a sweep fix up to 100% of the estate; the default stops at 25% and asks)`,
    );
    out(`   now: ${summaryLine(await ledgerFindings(runtime, subscriptionId))}`);
    out();
    out(`   Fixed (${applied.length} applied and confirmed by a re-read):`);
    out(indent(renderTable(fixRows(fixes), ["resource", "control", "change", "outcome"])));
    out(`   Needs a ticket (${tickets.length}: disruptive, irreversible or impossible in place):`);
    out(indent(renderTable(ticketRows(tickets), ["resource", "control", "severity", "why"])));
    const ownEvents = delivered.filter((e) => e.data.claims.appid === DEMO_SERVICE_APPID).length;
    const armWritesForFixes = writes(arm) - armWritesBefore;
    out(`   The ${applied.length} fixes went out as ${armWritesForFixes} ARM writes (batched per resource); their ${ownEvents} events came back through Event Grid and the queue,`);
    out("   were recognised as our own writes and only verified: no second write.");
    out();

    const drifted = applied.find((a) => a.controlId === "storage.min-tls") ?? applied[0];
    let drift: DemoSummary["drift"];
    if (drifted) {
      out(`2. Drift: someone sets ${name(drifted.resourceId)} back to an insecure value`);
      const before = delivered.length;
      const change = Object.fromEntries((drifted.fix?.changes ?? []).map((c) => [c.path.replace(/^properties\./, ""), c.before]));
      arm.write(drifted.resourceId, { properties: change }, { appid: DEMO_USER_APPID });
      await work();
      const event = delivered.slice(before).find((e) => e.data.claims.appid === DEMO_USER_APPID);
      if (event) out(`   Event Grid delivered ${event.eventType} for ${name(event.subject)} (caller appid ${event.data.claims.appid}); resourceChanged queued it`);
      const fix = (await ledgerActions(runtime)).filter((a) => a.kind === "remediation" && resourceKey(a.resourceId) === resourceKey(drifted.resourceId)).pop();
      const outcome = fix && fix.id !== drifted.id ? (fix.status === "applied" ? "fixed it" : fix.status) : "found nothing to do";
      out(`   the worker re-read it and ${fix && fix.id !== drifted.id ? `${outcome}: ${fix.fix?.summary}` : outcome}`);
      drift = { resourceId: drifted.resourceId, eventType: event?.eventType ?? "none", outcome };
      out();
    }

    const counts = requestCounts(arm);
    const all = await ledgerActions(runtime);
    out("Summary");
    out(`   resources ${totals.resources}; findings ${(await ledgerFindings(runtime, subscriptionId)).length} in the ledger; errors ${totals.errors}`);
    out(
      `   fixes applied ${all.filter((a) => a.kind === "remediation" && a.status === "applied").length}; tickets ${tickets.length}; events received ${delivered.length} (${delivered.filter((e) => e.data.claims.appid === DEMO_SERVICE_APPID).length} our own)`,
    );
    out(`   ARM requests: ${counts.GET} GET, ${counts.PUT} PUT, ${counts.PATCH} PATCH, ${counts.POST} POST (${counts.throttled} throttled)`);
    const rows = findingsLog.rows();
    const kinds = (kind: string) => rows.filter((r) => r.RecordKind === kind).length;
    out(`   Log Analytics: ${rows.length} rows sent to ${FINDINGS_TABLE} through the emulated Logs Ingestion API (${kinds("finding")} findings, ${kinds("action")} action states)`);
    out(`   wall time ${((performance.now() - started) / 1000).toFixed(2)} s`);
    out();
    const report = await writeReport(runtime, subscriptionId, all);
    out(`HTML report of the ledger: ${report}`);
    if (options.json) {
      const summary: DemoSummary = {
        resources: totals.resources,
        shards: totals.shards,
        resourcesNeedingFixes: totals.fixTargets.length,
        findings: (await ledgerFindings(runtime, subscriptionId)).length,
        fixesApplied: all.filter((a) => a.kind === "remediation" && a.status === "applied").length,
        armWritesForFixes,
        tickets: tickets.length,
        eventsDelivered: delivered.length,
        ownEvents: delivered.filter((e) => e.data.claims.appid === DEMO_SERVICE_APPID).length,
        ...(drift ? { drift } : {}),
        armRequests: counts,
        logAnalytics: { table: FINDINGS_TABLE, rows: rows.length, findings: kinds("finding"), actionStates: kinds("action") },
        errors: totals.errors,
        report,
      };
      process.stdout.write(`${JSON.stringify(summary)}\n`);
    }
  } finally {
    await webhook?.close();
    await emulator?.stop();
    await azurite?.stop();
  }
}

/** The ledger's posture as `encryption-guard report` writes it; tickets the demo could not file (no sink) count as open. */
async function writeReport(runtime: QueuedRuntime, subscriptionId: string, actions: readonly ActionRecord[]): Promise<string> {
  const now = new Date();
  const view = {
    findings: await ledgerFindings(runtime, subscriptionId),
    trend: await runtime.ledger.posture.history(1, now),
    appliedFixes: actions.filter((a) => a.kind === "remediation" && a.status === "applied"),
    openTickets: actions.filter((a) => a.kind === "ticket").map((a) => ({ ...a, ref: { key: a.id, display: "not filed (no ticket system in the demo)" }, snapshot: a.finding })),
  };
  const extras = ledgerExtras(view, { source: "the demo's ledger", now, days: 1, exemptions: DEMO_POLICY.exemptions });
  const file = join(mkdtempSync(join(tmpdir(), "encryption-guard-demo-")), "report.html");
  const docsBaseUrl = pathToFileURL(join(import.meta.dirname, "../docs/controls/")).href;
  await writeFile(file, await formatFindings(view.findings, "html", { generatedAt: now, docsBaseUrl, extras }));
  return file;
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split("\n")
    .map((line) => `   ${line}`)
    .join("\n");
}
