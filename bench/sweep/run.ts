// A sweep at scale, as the Functions app runs it: the timer queues one shard per subscription
// and resource type, queue workers list page by page and pace their reads from ARM's
// x-ms-ratelimit-remaining headers, under the emulator's token bucket (ARM's defaults: reads
// 250 burst, 25 per second). Figures: wall time against the bucket's lower bound (the reads
// beyond the burst at the refill rate) and the number of 429s.
//   npm run bench:sweep -- [--resources 10000] [--workers 16] [--seed 1] [--no-pacing]
// The last line is one JSON object with the figures.
import "../../dev/outsideHost.ts";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { generateEstate, startEmulator } from "../../emulator/index.ts";
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
    workers: { type: "string", default: "16" },
    seed: { type: "string", default: "1" },
    "no-pacing": { type: "boolean", default: false },
  },
});
const resources = Number(values.resources);
const workers = Number(values.workers);
if (!Number.isInteger(resources) || resources < 1 || !Number.isInteger(workers) || workers < 1) {
  process.stderr.write("--resources and --workers must be positive whole numbers\n");
  process.exit(2);
}

const SUBSCRIPTION = "2d4f6a8c-1e3b-4d5f-9a7c-0b2d4f6a8c1e";
const BUCKET = { burst: 250, perSecond: 25 };
const [azurite, emulator] = await Promise.all([
  startAzurite(),
  startEmulator({ estate: generateEstate(resources, [SUBSCRIPTION], Number(values.seed)), subscriptions: [SUBSCRIPTION], throttle: { reads: BUCKET, writes: { burst: 200, perSecond: 10 } } }),
]);
try {
  const id = randomBytes(4).toString("hex");
  const pacer = values["no-pacing"] ? undefined : new RatePacer();
  const runtime = await localRuntime({
    endpoint: emulator.endpoint,
    ca: emulator.ca,
    connectionString: azurite.connectionString,
    identity: { appId: "3f1e5d7c-9b2a-4c6e-8d0f-1a3b5c7d9e0f", objectId: "3f1e5d7c-9b2a-4c6e-8d0f-1a3b5c7d9e1f" },
    policy: DEFAULT_POLICY,
    logger: silentLogger,
    subscriptionIds: [SUBSCRIPTION],
    tablePrefix: `sweep${id}`,
    queueName: `sweep-${id}`,
    pacer: pacer ?? false,
  });
  const settings = parseSettings({ GUARD_SUBSCRIPTION_IDS: SUBSCRIPTION, GUARD_STORAGE: azurite.connectionString, GUARD_TABLE_PREFIX: `sweep${id}` });
  const factory: RuntimeFactory = async (context) => ({ ...runtime, logger: context, settings });

  const started = performance.now();
  const queued = await sweepHandler(factory)({ isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: "", next: "", lastUpdated: "" } }, invocationContext("sweep"));
  const pump = await drainQueue(runtime.queue, asQueueTrigger(workerHandler(factory)), { concurrency: workers, visibilityTimeoutSeconds: 600 });
  const seconds = (performance.now() - started) / 1000;

  const totals = await runtime.ledger.sweeps.totals(queued!.sweepId, { withFixTargets: true });
  const reads = emulator.requests.filter((r) => (r.method === "GET" || r.method === "HEAD") && r.status !== 429).length;
  const throttled = emulator.requests.filter((r) => r.status === 429).length;
  const lowerBound = Math.max(0, reads - BUCKET.burst) / BUCKET.perSecond;
  const figures = {
    resources,
    evaluated: totals.resources,
    shards: totals.shards,
    fixesDue: totals.fixTargets.length,
    heldByShareCap: (await runtime.ledger.findings.list({ controlId: "guard.sweep-share" })).findings.length > 0,
    errors: totals.errors,
    pacing: !values["no-pacing"],
    reads,
    writes: emulator.requests.filter((r) => r.method !== "GET" && r.method !== "HEAD" && r.status < 300).length,
    throttled429: throttled,
    pacerWaits: pacer?.stats.waits ?? 0,
    wallSeconds: Number(seconds.toFixed(1)),
    lowerBoundSeconds: Number(lowerBound.toFixed(1)),
    overLowerBound: Number((seconds / lowerBound).toFixed(2)),
    queueRetries: pump.failed,
  };
  process.stdout.write(
    `${resources} resources (${totals.resources} evaluated) in ${figures.wallSeconds} s; ${reads} reads need at least ${figures.lowerBoundSeconds} s at ${BUCKET.perSecond}/s after a burst of ${BUCKET.burst}; ${throttled} answered 429\n`,
  );
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} finally {
  await Promise.all([emulator.stop(), azurite.stop()]);
}
