// A sweep at scale, as the Functions app runs it: the timer queues the shards, queue workers
// page through Resource Graph (--source graph) or list through ARM (--source arm) and pace their
// reads from the rate-limit headers, under the emulator's token buckets (ARM's defaults: reads
// 250 burst, 25 per second per subscription) and Resource Graph's quota (15 queries in 5 s).
// The emulator and Azurite run in processes of their own: memory and CPU are the product's.
//   npm run bench:sweep -- [--resources 10000] [--subscriptions 1] [--source graph|arm] [--workers 16] [--seed 1] [--no-pacing] [--json]
// The last line is one JSON object with the figures.
import "../../dev/outsideHost.ts";
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { RuntimeFactory } from "../../functions/hostRuntime.ts";
import { asQueueTrigger, invocationContext } from "../../dev/localHost.ts";
import { sweepHandler } from "../../functions/sweepTimer.ts";
import { workerHandler } from "../../functions/worker.ts";
import { DEFAULT_POLICY } from "../../shared/config/policy.ts";
import { parseSettings } from "../../shared/config/settings.ts";
import { drainQueue } from "../../shared/queue/index.ts";
import { startAzurite } from "../../dev/azurite.ts";
import { silentLogger } from "../../shared/core/index.ts";
import { RatePacer } from "../../shared/azure/index.ts";
import { localRuntime } from "../../dev/localRuntime.ts";

const { values } = parseArgs({
  options: {
    resources: { type: "string", default: "10000" },
    subscriptions: { type: "string", default: "1" },
    source: { type: "string", default: "graph" },
    workers: { type: "string", default: "16" },
    seed: { type: "string", default: "1" },
    "no-pacing": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});
const resources = Number(values.resources);
const workers = Number(values.workers);
const subscriptionCount = Number(values.subscriptions);
const source = values.source;
if (![resources, workers, subscriptionCount].every((n) => Number.isInteger(n) && n >= 1) || (source !== "graph" && source !== "arm")) {
  process.stderr.write("--resources, --subscriptions and --workers must be positive whole numbers, --source graph or arm\n");
  process.exit(2);
}

const SUBSCRIPTIONS = Array.from({ length: subscriptionCount }, (_, i) => `2d4f6a8c-1e3b-4d5f-9a7c-${(i + 1).toString(16).padStart(12, "0")}`);
const BUCKET = { burst: 250, perSecond: 25 };
const emulatorProcess = fork(
  fileURLToPath(new URL("./emulatorProcess.ts", import.meta.url)),
  [JSON.stringify({ resources, subscriptions: SUBSCRIPTIONS, seed: Number(values.seed), throttle: { reads: BUCKET, writes: { burst: 200, perSecond: 10 } } })],
  {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  },
);
const ask = <T>(message?: string) =>
  new Promise<T>((resolve) => {
    emulatorProcess.once("message", (answer) => resolve(answer as T));
    if (message) emulatorProcess.send(message);
  });
const [azurite, emulator] = await Promise.all([startAzurite(), ask<{ endpoint: string; ca: string }>()]);
try {
  const id = randomBytes(4).toString("hex");
  const pacer = values["no-pacing"] ? undefined : new RatePacer();
  const runtime = await localRuntime({
    endpoint: emulator.endpoint,
    ca: emulator.ca,
    connectionString: azurite.connectionString,
    identity: { appId: "3f1e5d7c-9b2a-4c6e-8d0f-1a3b5c7d9e0f", objectId: "3f1e5d7c-9b2a-4c6e-8d0f-1a3b5c7d9e1f" },
    // Audit: the figures are the inventory and evaluation, not the fixes (the reliability harness covers those).
    policy: { ...DEFAULT_POLICY, defaultMode: "audit", sweep: { source } },
    logger: silentLogger,
    subscriptionIds: SUBSCRIPTIONS,
    tablePrefix: `sweep${id}`,
    queueName: `sweep-${id}`,
    pacer: pacer ?? false,
  });
  const settings = parseSettings({ GUARD_SUBSCRIPTION_IDS: SUBSCRIPTIONS.join(","), GUARD_STORAGE: azurite.connectionString, GUARD_TABLE_PREFIX: `sweep${id}` });
  const factory: RuntimeFactory = async (context) => ({ ...runtime, logger: context, settings });

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const queued = await sweepHandler(factory)({ isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: "", next: "", lastUpdated: "" } }, invocationContext("sweep"));
  const pump = await drainQueue(runtime.queue, asQueueTrigger(workerHandler(factory)), { concurrency: workers, visibilityTimeoutSeconds: 600 });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);

  const totals = await runtime.ledger.sweeps.totals(queued!.sweepId, { withFixTargets: true });
  const counts = await ask<{ armReads: number; armWrites: number; graphQueries: number; throttled429: number; armReadsPerSubscription: number }>("stats");
  // The busiest subscription's bucket bounds the sweep: its reads beyond the burst, at the refill rate.
  const lowerBound = Math.max(0, counts.armReadsPerSubscription - BUCKET.burst) / BUCKET.perSecond;
  const figures = {
    source,
    resources,
    subscriptions: subscriptionCount,
    evaluated: totals.resources,
    shards: totals.shards,
    fixesDue: totals.fixTargets.length,
    errors: totals.errors,
    pacing: !values["no-pacing"],
    armReads: counts.armReads,
    armReadsPerResource: Number((counts.armReads / resources).toFixed(3)),
    graphQueries: counts.graphQueries,
    writes: counts.armWrites,
    throttled429: counts.throttled429,
    pacerWaits: pacer?.stats.waits ?? 0,
    wallSeconds: Number(seconds.toFixed(1)),
    lowerBoundSeconds: Number(lowerBound.toFixed(1)),
    overLowerBound: lowerBound > 0 ? Number((seconds / lowerBound).toFixed(2)) : null,
    peakRssMb: Math.round(peakRss / 2 ** 20),
    cpuSecondsPer1000: Number((((cpu.user + cpu.system) / 1e6 / resources) * 1000).toFixed(2)),
    queueRetries: pump.failed,
  };
  if (!values.json) {
    process.stdout.write(
      `${resources} resources in ${subscriptionCount} subscriptions (${totals.resources} evaluated) from ${source} in ${figures.wallSeconds} s; ${counts.armReads} ARM reads, ${counts.graphQueries} graph queries, ${counts.throttled429} answered 429; peak RSS ${figures.peakRssMb} MB\n`,
    );
  }
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} finally {
  const exited = new Promise<void>((resolve) => emulatorProcess.once("exit", () => resolve()));
  emulatorProcess.send("stop");
  await Promise.all([exited, azurite.stop()]);
}
