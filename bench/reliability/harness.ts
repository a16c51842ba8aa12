/**
 * The reliability harness: the real handlers (Event Grid trigger, webhook, queue worker) over
 * the ARM emulator and Azurite, fed duplicated, shuffled and malformed events while the
 * emulator injects transient faults, then checked against a clean single pass.
 */
import azureFunctions from "@azure/functions";
import type { EventGridEvent } from "@azure/functions";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { generateEstate, startEmulator, type RunningEmulator } from "../../emulator/index.ts";
import { seededRandom } from "../../emulator/reliability/random.ts";
import type { RuntimeFactory } from "../../functions/hostRuntime.ts";
import { asQueueTrigger, invocationContext, serveHttpFunction } from "../../dev/localHost.ts";
import { resourceChangedHandler } from "../../functions/resourceChanged.ts";
import { eventGridExtension } from "../../dev/eventGridExtension.ts";
import { workerHandler } from "../../functions/worker.ts";
import { RESOURCES, evaluationTarget } from "../../shared/resources/index.ts";
import { DEFAULT_POLICY, type Policy } from "../../shared/config/policy.ts";
import { parseSettings } from "../../shared/config/settings.ts";
import { drainQueue, drainUntilQuiet } from "../../shared/queue/index.ts";
import { EmulatorCredential } from "../../dev/emulatorCredential.ts";
import { queryAll, type ActionRecord } from "../../shared/store/index.ts";
import { createRuntime, enqueueSweep, runScan, type GuardRuntime, type QueuedRuntime, type ScanResult } from "../../shared/workflow/index.ts";
import { resourceKey, silentLogger } from "../../shared/core/index.ts";
import { localRuntime } from "../../dev/localRuntime.ts";

const { HttpRequest } = azureFunctions;

export const SUBSCRIPTION = "0b7c4e2a-9d1f-4a3b-8c5d-6e7f8a9b0c1d";
export const SERVICE = { appId: "7e2d9c1a-3b4f-4e5d-8a6b-0c1d2e3f4a5b", objectId: "7e2d9c1a-3b4f-4e5d-8a6b-0c1d2e3f4a5c" };
const USER = { appid: "04b07795-8ddb-461a-bbee-02f9e1bf7b46", oid: "b2c3d4e5-0000-4000-8000-000000000002" };

export interface HarnessOptions {
  /** Azurite's connection string. */
  connectionString: string;
  /** Deliveries in all: unique events, duplicates and malformed ones. */
  events: number;
  duplicateShare: number;
  malformedShare: number;
  /** Share of ARM requests the emulator fails (429 with Retry-After, 500, connection reset). */
  faultRate: number;
  /** Resources in the seeded estate. */
  estate: number;
  seed: number;
  /** Queue messages worked at once. */
  concurrency: number;
  /** Kill a worker process between its ARM write and its ledger update, then recover. */
  crashCase: boolean;
  /** After the events, a queued sweep of the whole estate from Resource Graph, its copy lagging ARM, under the same faults. */
  graphSweep: boolean;
  log?: (line: string) => void;
}

export const DEFAULT_HARNESS: Omit<HarnessOptions, "connectionString"> = {
  events: 2000,
  duplicateShare: 0.3,
  malformedShare: 0.05,
  faultRate: 0.1,
  estate: 1000,
  seed: 7,
  concurrency: 16,
  crashCase: true,
  graphSweep: true,
};

/** How far the emulator's Resource Graph copy lags ARM in the sweep phase: every fix must come from the worker's ARM read. */
const GRAPH_LAG_MS = 5_000;

export interface CrashRecovery {
  /** The worker process died by SIGKILL after the write and before the outcome was recorded. */
  killed: boolean;
  /** Writes to the resource after the kill, and after the recovery run: the same one write. */
  writesAfterKill: number;
  writesAfterRecovery: number;
  /** How the next run recorded the interrupted action. */
  settledAs: string;
}

export interface HarnessResult {
  events: number;
  duplicates: number;
  malformed: number;
  /** Events that reached the intake through the Event Grid trigger, the rest through the webhook. */
  viaTrigger: number;
  faultsInjected: number;
  /** One write per document needing fixes: a document's fixes go out as one write. */
  expectedWrites: number;
  writes: number;
  /** Fixes per resource and control, as planned by a clean pass and as applied. */
  fixesExpected: number;
  fixesApplied: number;
  tickets: number;
  /** Events of our own writes, verified and never acted on. */
  ownEventsVerified: number;
  /** Non-compliant findings that ended neither fixed, ticketed nor exempt. */
  lost: number;
  /** Intake exceptions, webhook 5xx answers, and messages given up on (poison). */
  crashes: number;
  /** Worker invocations that failed (ARM still failing after the SDK's retries) and were retried by the queue. */
  retries: number;
  wallSeconds: number;
  crashRecovery?: CrashRecovery;
  graphSweep?: GraphSweepResult;
}

/** The sweep phase: what a clean pass over the whole estate wrote on the twin, and what the queued graph sweep wrote. */
export interface GraphSweepResult {
  graphLagMs: number;
  graphQueries: number;
  shards: number;
  faultsInjected: number;
  expectedWrites: number;
  writes: number;
  lost: number;
  crashes: number;
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function shuffle<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Ids a user may write whose events the intake covers: resources of covered types and the children they re-evaluate on. */
function writableIds(emulator: RunningEmulator): string[] {
  const ids: string[] = [];
  for (const doc of emulator.store.list({ subscriptionId: SUBSCRIPTION })) {
    const id = doc.id as string;
    let target;
    try {
      target = evaluationTarget(id);
    } catch {
      continue;
    }
    if (target && emulator.store.has(id)) ids.push(id);
  }
  return ids;
}

interface UserWrite {
  id: string;
  change: { properties?: Record<string, unknown>; tags?: Record<string, string> };
}

/** What users do: mostly tag changes, sometimes an insecure setting. */
function userWrites(emulator: RunningEmulator, random: Random, count: number): UserWrite[] {
  const writable = writableIds(emulator);
  return Array.from({ length: count }, (_, n) => {
    const id = pick(random, writable);
    const type = (emulator.store.get(id)?.type ?? "").toLowerCase();
    const insecure = random() < 0.25;
    if (insecure && type === "microsoft.storage/storageaccounts") return { id, change: { properties: { minimumTlsVersion: "TLS1_0" } } };
    if (insecure && type === "microsoft.web/sites") return { id, change: { properties: { httpsOnly: false } } };
    return { id, change: { tags: { "bench-touch": String(n) } } };
  });
}

/** The same event in the CloudEvents schema (some subscriptions deliver that). */
function asCloudEvent(event: Record<string, unknown>, random: Random): Record<string, unknown> {
  return { id: event.id, source: event.topic, subject: event.subject, type: event.eventType, time: event.eventTime, data: event.data, [random() < 0.5 ? "specversion" : "specVersion"]: "1.0" };
}

/** Broken copies, each broken in a way real deliveries break. */
function malformedFrom(event: Record<string, unknown>, random: Random, n: number): unknown {
  const data = event.data as Record<string, unknown>;
  const variants: (() => unknown)[] = [
    () => ({ ...event, id: `bad-${n}`, data: undefined }),
    () => ({ ...event, id: `bad-${n}`, data: { ...data, resourceUri: "storage-account-without-a-path", operationName: "Microsoft.Storage/storageAccounts/write" } }),
    () => ({ ...event, id: undefined }),
    () => ({ ...event, id: `bad-${n}`, eventType: undefined }),
    () => ({ ...event, id: `bad-${n}`, data: { ...data, operationName: undefined } }),
    () => ({ ...event, id: `bad-${n}`, data: { ...data, resourceUri: `${String(data.resourceUri)}/extra` } }),
    () => `not an event ${n}`,
    () => ({ id: `bad-${n}`, specversion: "1.0", data }),
  ];
  return pick(random, variants)();
}

const isWrite = (r: { method: string; status: number }) => (r.method === "PUT" || r.method === "PATCH") && r.status >= 200 && r.status < 300;

function writesTo(emulator: RunningEmulator, resourceId?: string): number {
  const prefix = resourceId ? resourceKey(resourceId) : undefined;
  return emulator.requests.filter((r) => isWrite(r) && (!prefix || r.path.toLowerCase().startsWith(prefix))).length;
}

async function allActions(runtime: QueuedRuntime): Promise<ActionRecord[]> {
  const rows = await queryAll(runtime.ledger.tables.open("actions"), {});
  return (await Promise.all(rows.map((row) => runtime.ledger.actions.get(row.partition)))).flatMap((found) => (found ? [found.action] : []));
}

/** The service with an in-memory record against an emulator: the clean pass, and the final check. */
function oracleRuntime(emulator: RunningEmulator, policy: Policy, dryRun: boolean): Promise<GuardRuntime> {
  return createRuntime({
    arm: { endpoint: emulator.endpoint, ca: emulator.ca, credential: new EmulatorCredential({ appid: SERVICE.appId, oid: SERVICE.objectId }) },
    pacer: false,
    policy,
    logger: silentLogger,
    actor: SERVICE.appId,
    dryRun,
  });
}

/** Non-compliant findings of the clean pass that are now neither fixed, ticketed nor exempt. */
function lostFindings(expected: ReadonlyMap<string, ScanResult>, after: ReadonlyMap<string, ScanResult>, ticketed: ReadonlySet<string>): number {
  let lost = 0;
  for (const [target, before] of expected) {
    const now = after.get(target)?.findings ?? [];
    for (const finding of before.findings.filter((f) => f.status === "noncompliant")) {
      const key = `${resourceKey(finding.resourceId)}|${finding.controlId}`;
      const current = now.find((f) => `${resourceKey(f.resourceId)}|${f.controlId}` === key);
      if (current?.status !== "compliant" && current?.status !== "exempt" && !ticketed.has(key)) lost += 1;
    }
  }
  return lost;
}

/** Every resource of the estate the service evaluates, by its evaluation target. */
function estateTargets(emulator: RunningEmulator): string[] {
  return [...new Set(emulator.store.list({ subscriptionId: SUBSCRIPTION }).flatMap((doc) => evaluationTarget(doc.id, RESOURCES)?.id.id ?? []))];
}

/** Scans each target once, one at a time, in a stable order. */
async function scanAll(runtime: GuardRuntime, targets: readonly string[]): Promise<Map<string, ScanResult>> {
  const results = new Map<string, ScanResult>();
  for (const id of [...targets].sort()) {
    const target = evaluationTarget(id, RESOURCES);
    if (target) results.set(id, await runScan(runtime, target));
  }
  return results;
}

export async function runHarness(options: HarnessOptions): Promise<HarnessResult> {
  const log = options.log ?? (() => {});
  const random = seededRandom(options.seed);
  const started = performance.now();
  const estate = () =>
    startEmulator({ estate: generateEstate(options.estate, [SUBSCRIPTION], options.seed), subscriptions: [SUBSCRIPTION], throttle: false, eventRetry: { attempts: 6, delayMs: 50 } });
  const [emulator, twin] = await Promise.all([estate(), estate()]);
  const id = randomBytes(4).toString("hex");
  const names = { tablePrefix: `bench${id}`, queueName: `bench-${id}` };
  // The limits are lifted so that every fix the clean pass plans may happen; the guards have their own tests.
  const policy: Policy = {
    ...DEFAULT_POLICY,
    limits: { ...DEFAULT_POLICY.limits, maxFixesPerWindow: 100_000, maxFixesPerSubscriptionPerWindow: 100_000, maxSweepFixShare: 1 },
  };
  const runtime = await localRuntime({
    endpoint: emulator.endpoint,
    ca: emulator.ca,
    connectionString: options.connectionString,
    identity: SERVICE,
    policy,
    logger: silentLogger,
    subscriptionIds: [SUBSCRIPTION],
    ...names,
    retry: { retryDelayInMs: 50, maxRetryDelayInMs: 1000 },
  });
  const settings = parseSettings({ GUARD_SUBSCRIPTION_IDS: SUBSCRIPTION, GUARD_STORAGE: options.connectionString, GUARD_TABLE_PREFIX: names.tablePrefix });
  const factory: RuntimeFactory = async (context) => ({ ...runtime, logger: context, settings });
  const webhook = await serveHttpFunction(eventGridExtension(resourceChangedHandler(factory)), "events");
  try {
    // 1. Users write to the estate: the unique events. The same writes go to a twin estate.
    const malformedCount = Math.round(options.events * options.malformedShare);
    const duplicateCount = Math.round(options.events * options.duplicateShare);
    const uniqueCount = options.events - malformedCount - duplicateCount;
    const plan = userWrites(emulator, random, uniqueCount);
    for (const write of plan) {
      emulator.write(write.id, write.change, USER);
      twin.write(write.id, write.change, USER);
    }
    const unique = emulator.events.slice(-uniqueCount) as unknown as Record<string, unknown>[];
    const targets = [...new Set(unique.map((e) => evaluationTarget(String((e.data as { resourceUri: string }).resourceUri))!.id.id))];
    log(`estate ${options.estate} resources; ${uniqueCount} user writes over ${targets.length} resources`);

    // 2. The clean pass on the twin: one serial scan per resource, no faults, no duplicates.
    twin.clearRequests();
    const expected = await scanAll(await oracleRuntime(twin, policy, false), targets);
    const expectedWrites = writesTo(twin);
    const fixesExpected = [...expected.values()].flatMap((r) => r.actions.filter((a) => a.kind === "remediation" && a.status === "applied")).length;
    log(`clean pass on a twin estate: ${fixesExpected} fixes in ${expectedWrites} write requests`);

    // 3. Deliveries: duplicates, malformed ones, a third as CloudEvents, all shuffled.
    const deliveries: unknown[] = [
      ...unique.map((e) => (random() < 1 / 3 ? asCloudEvent(e, random) : e)),
      ...Array.from({ length: duplicateCount }, () => pick(random, unique)),
      ...Array.from({ length: malformedCount }, (_, n) => malformedFrom(pick(random, unique), random, n)),
    ];
    shuffle(random, deliveries);
    emulator.clearRequests();
    emulator.webhooks.add(webhook.url);
    emulator.faults.set({ rate: options.faultRate, kinds: ["429", "500", "reset"], seed: options.seed, retryAfterSeconds: 1 });

    // 4. Half through the Event Grid trigger (one event an invocation), half through the webhook in batches.
    let intakeCrashes = 0;
    let viaTrigger = 0;
    const trigger = resourceChangedHandler(factory);
    const hook = eventGridExtension(resourceChangedHandler(factory));
    for (let i = 0; i < deliveries.length;) {
      if (random() < 0.5) {
        viaTrigger += 1;
        await trigger(deliveries[i++] as EventGridEvent, invocationContext("resourceChanged")).catch(() => void (intakeCrashes += 1));
        continue;
      }
      const batch = deliveries.slice(i, i + 1 + Math.floor(random() * 10));
      i += batch.length;
      const answer = await hook(new HttpRequest({ method: "POST", url: "http://127.0.0.1/api/events", body: { string: JSON.stringify(batch) } }), invocationContext("events")).catch(() => ({
        status: 500,
      }));
      if ((answer.status ?? 200) >= 500) intakeCrashes += 1;
    }
    log(`delivered ${deliveries.length} events (${viaTrigger} through the trigger); working the queue with ${options.concurrency} workers`);

    // 5. Work the queue until our own writes' events have come back and been verified too.
    const stats = await drainUntilQuiet(runtime.queue, asQueueTrigger(workerHandler(factory)), () => emulator.flushEvents(), { concurrency: options.concurrency, retryDelaySeconds: 1, idleMs: 100 });
    emulator.faults.set(undefined);
    const writes = writesTo(emulator);
    const faultsInjected = emulator.requests.filter((r) => r.fault).length;
    const poisoned = (await runtime.queue.poisoned()).length;

    // 6. Lost: a non-compliant finding of the clean pass that is now neither fixed, ticketed nor exempt.
    const actions = await allActions(runtime);
    const ticketed = new Set(actions.filter((a) => a.kind === "ticket").map((a) => `${resourceKey(a.resourceId)}|${a.controlId}`));
    const after = await scanAll(await oracleRuntime(emulator, policy, true), targets);
    const lost = lostFindings(expected, after, ticketed);
    const result: HarnessResult = {
      events: deliveries.length,
      duplicates: duplicateCount,
      malformed: malformedCount,
      viaTrigger,
      faultsInjected,
      expectedWrites,
      writes,
      fixesExpected,
      fixesApplied: actions.filter((a) => a.kind === "remediation" && a.status === "applied").length,
      tickets: actions.filter((a) => a.kind === "ticket").length,
      ownEventsVerified: emulator.webhooks.delivered.filter((d) => d.delivered).length,
      lost,
      crashes: intakeCrashes + webhook.failures + poisoned + stats.poisonedUnhandled,
      retries: stats.failed,
      wallSeconds: 0,
    };
    if (options.graphSweep) {
      result.graphSweep = await graphSweepPhase(emulator, twin, runtime, factory, policy, options, log);
    }
    if (options.crashCase) result.crashRecovery = await crashRecovery(emulator, runtime, factory, { ...names, connectionString: options.connectionString, policy }, random, log);
    result.wallSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
    return result;
  } finally {
    await webhook.close();
    await Promise.all([emulator.stop(), twin.stop()]);
  }
}

/**
 * The whole estate swept through the queue from Resource Graph while its copy lags ARM by
 * GRAPH_LAG_MS and ARM keeps failing a share of requests. The twin, in the same state, gets a
 * clean serial pass over the same resources: the sweep must make the same writes, lose nothing,
 * and never fix from the stale graph copy (the worker re-reads from ARM before it plans).
 */
async function graphSweepPhase(
  emulator: RunningEmulator,
  twin: RunningEmulator,
  runtime: QueuedRuntime,
  factory: RuntimeFactory,
  policy: Policy,
  options: HarnessOptions,
  log: (line: string) => void,
): Promise<GraphSweepResult> {
  const targets = estateTargets(twin);
  twin.clearRequests();
  const expected = await scanAll(await oracleRuntime(twin, policy, false), targets);
  const expectedWrites = writesTo(twin);
  log(`graph sweep: a clean pass over ${targets.length} resources of the twin made ${expectedWrites} write requests`);

  emulator.clearRequests();
  emulator.graph.setLag(GRAPH_LAG_MS);
  const queriesBefore = emulator.graph.queries;
  emulator.faults.set({ rate: options.faultRate, kinds: ["429", "500", "reset"], seed: options.seed + 1, retryAfterSeconds: 1 });
  const sweep = await enqueueSweep({ ...runtime, sweepSource: "graph" }, { subscriptionIds: [SUBSCRIPTION] });
  const stats = await drainUntilQuiet(runtime.queue, asQueueTrigger(workerHandler(factory)), () => emulator.flushEvents(), {
    concurrency: options.concurrency,
    retryDelaySeconds: 1,
    idleMs: 100,
  });
  emulator.faults.set(undefined);
  emulator.graph.setLag(0);
  const writes = writesTo(emulator);
  const faultsInjected = emulator.requests.filter((r) => r.fault).length;

  const actions = await allActions(runtime);
  const ticketed = new Set(actions.filter((a) => a.kind === "ticket").map((a) => `${resourceKey(a.resourceId)}|${a.controlId}`));
  const after = await scanAll(await oracleRuntime(emulator, policy, true), targets);
  const result: GraphSweepResult = {
    graphLagMs: GRAPH_LAG_MS,
    graphQueries: emulator.graph.queries - queriesBefore,
    shards: sweep.shards,
    faultsInjected,
    expectedWrites,
    writes,
    lost: lostFindings(expected, after, ticketed),
    crashes: (await runtime.queue.poisoned()).length + stats.poisonedUnhandled,
  };
  log(`graph sweep: ${result.shards} shards, ${result.graphQueries} graph queries, ${writes} of ${expectedWrites} writes, lost ${result.lost}`);
  return result;
}

/**
 * A worker process is killed (SIGKILL) right after its ARM write, before the outcome reaches
 * the ledger; the message comes back and the next run settles the action without a second write.
 */
async function crashRecovery(
  emulator: RunningEmulator,
  runtime: QueuedRuntime,
  factory: RuntimeFactory,
  worker: { tablePrefix: string; queueName: string; connectionString: string; policy: Policy },
  random: Random,
  log: (line: string) => void,
): Promise<CrashRecovery> {
  emulator.webhooks.remove([...new Set(emulator.webhooks.delivered.map((d) => d.url))][0] ?? "");
  const victim = pick(
    random,
    emulator.store.list({ type: "Microsoft.Storage/storageAccounts", subscriptionId: SUBSCRIPTION }).map((doc) => doc.id),
  );
  emulator.write(victim, { properties: { minimumTlsVersion: "TLS1_0" } }, USER);
  await resourceChangedHandler(factory)(emulator.events.at(-1) as unknown as EventGridEvent, invocationContext("resourceChanged"));
  emulator.clearRequests();

  const child = spawn(process.execPath, [fileURLToPath(new URL("./crashWorker.ts", import.meta.url))], {
    env: { ...process.env, CRASH_WORKER: JSON.stringify({ endpoint: emulator.endpoint, ca: emulator.ca, identity: SERVICE, subscriptionId: SUBSCRIPTION, ...worker }) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString("utf8")));
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, sig) => resolve(sig)));
  if (signal !== "SIGKILL") log(`crash case: the worker process was not killed as planned:\n${stderr.slice(-2000)}`);
  const writesAfterKill = writesTo(emulator, victim);
  log(`crash case: worker process exited by ${signal} after ${writesAfterKill} write to ${victim.split("/").pop()}; recovering`);

  await drainQueue(runtime.queue, asQueueTrigger(workerHandler(factory)), { retryDelaySeconds: 1, idleMs: 200 });
  const actions = (await allActions(runtime)).filter((a) => a.kind === "remediation" && resourceKey(a.resourceId) === resourceKey(victim) && a.reconciledAt);
  return { killed: signal === "SIGKILL", writesAfterKill, writesAfterRecovery: writesTo(emulator, victim), settledAs: actions.map((a) => a.status).join(",") || "not settled" };
}
