import { inject } from "vitest";
import { randomBytes } from "node:crypto";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator/index.ts";
import type { RuntimeFactory } from "../../functions/hostRuntime.ts";
import { asQueueTrigger, invocationContext } from "../../dev/localHost.ts";
import { workerHandler } from "../../functions/worker.ts";
import { DEFAULT_POLICY, type Policy } from "../../shared/config/policy.ts";
import { parseSettings, type Settings } from "../../shared/config/settings.ts";
import { drainQueue, type PumpOptions, type PumpStats } from "../../shared/queue/index.ts";
import { DEFAULT_MAX_DEQUEUE_COUNT } from "../../shared/workflow/index.ts";
import { silentLogger } from "../../shared/core/index.ts";
import { RatePacer, type Clock } from "../../shared/azure/index.ts";
import { LOCAL_LEDGER_KEY, localRuntime } from "../../dev/localRuntime.ts";
import type { QueuedRuntime } from "../../shared/workflow/index.ts";

/** The identity the service runs as in these tests. */
export const SERVICE = { appId: "5a0c3f7e-1111-4c2d-9e8f-0000000000a1", objectId: "5a0c3f7e-2222-4c2d-9e8f-0000000000b2" };
/** A person changing resources with the Azure CLI. */
export const USER = { appid: "04b07795-8ddb-461a-bbee-02f9e1bf7b46", oid: "b2c3d4e5-0000-4000-8000-000000000002" };

export interface GuardStack {
  emulator: RunningEmulator;
  /** This stack's ledger table prefix and Azurite (GUARD_TABLE_PREFIX and GUARD_STORAGE for a CLI run against it). */
  tablePrefix: string;
  connectionString: string;
  runtime: QueuedRuntime;
  /** The pacer the runtime's ARM clients share, to read its stats. */
  pacer: RatePacer;
  settings: Settings;
  /** What the function handlers get from the host. */
  factory: RuntimeFactory;
  /** Runs the worker function over the queue until it is empty, as the host would. */
  drain(options?: PumpOptions): Promise<PumpStats>;
  stop(): Promise<void>;
}

export interface StackOptions {
  emulator?: EmulatorOptions;
  policy?: Policy;
  /** GUARD_SUBSCRIPTION_IDS; the emulator's subscriptions when absent. */
  subscriptionIds?: string[];
  /** More app settings the handlers see (GUARD_MAX_DEQUEUE_COUNT, WEBSITE_AUTH_ENABLED...). */
  env?: Record<string, string>;
  /** GUARD_DRY_RUN: the deployment plans and never writes. */
  dryRun?: boolean;
  /** What the runtime's outputs read: ticket sink credentials, the event topic. */
  outputEnv?: Record<string, string>;
  /** One clock for the emulator's token buckets and the pacer (a SteppingClock makes pacing exact). */
  clock?: Clock;
}

/** GUARD_LEDGER_KEYS of every stack: the key local runtimes seal their ledger with. */
export const LEDGER_KEYS_SETTING = LOCAL_LEDGER_KEY.toString("base64");

/** The app settings a request passes through when App Service authentication runs in front of the app. */
export const PLATFORM_AUTHENTICATION = { WEBSITE_AUTH_ENABLED: "True" } as const;

const unique = () => randomBytes(5).toString("hex");

/**
 * The ARM emulator and the service wired to it and to this run's Azurite, with tables and a
 * queue of its own so test files running side by side never see each other's state.
 */
export async function startGuardStack(options: StackOptions = {}): Promise<GuardStack> {
  const emulator = await startEmulator({ throttle: false, ...options.emulator, ...(options.clock ? { clock: options.clock } : {}) });
  const subscriptionIds = options.subscriptionIds ?? emulator.subscriptions;
  const id = unique();
  const tablePrefix = `t${id}`;
  const connectionString = inject("azuriteConnectionString");
  const pacer = new RatePacer(options.clock ? { clock: options.clock } : {});
  const runtime = await localRuntime({
    endpoint: emulator.endpoint,
    ca: emulator.ca,
    connectionString,
    identity: SERVICE,
    policy: options.policy ?? DEFAULT_POLICY,
    logger: silentLogger,
    subscriptionIds,
    tablePrefix,
    queueName: `t-${id}`,
    retry: { retryDelayInMs: 20, maxRetryDelayInMs: 200 },
    pacer,
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(options.outputEnv ? { env: options.outputEnv } : {}),
  });
  const settings = parseSettings({
    GUARD_SUBSCRIPTION_IDS: subscriptionIds.join(","),
    GUARD_STORAGE: connectionString,
    GUARD_TABLE_PREFIX: tablePrefix,
    GUARD_LEDGER_KEYS: LEDGER_KEYS_SETTING,
    ...(options.dryRun ? { GUARD_DRY_RUN: "true" } : {}),
    ...options.env,
  });
  const factory: RuntimeFactory = async (context) => ({ ...runtime, logger: context, settings });
  return {
    emulator,
    tablePrefix,
    connectionString,
    runtime,
    pacer,
    settings,
    factory,
    drain: (pump) =>
      drainQueue(runtime.queue, asQueueTrigger(workerHandler(factory)), { retryDelaySeconds: 0, idleMs: 50, maxDequeueCount: settings.maxDequeueCount ?? DEFAULT_MAX_DEQUEUE_COUNT, ...pump }),
    stop: () => emulator.stop(),
  };
}

export const context = (name = "test") => invocationContext(name);

/** Successful writes the emulator served (PUT and PATCH), optionally for one resource and its children. */
export function writesTo(emulator: RunningEmulator, resourceId?: string): number {
  const prefix = resourceId?.toLowerCase();
  return emulator.requests.filter((r) => (r.method === "PUT" || r.method === "PATCH") && r.status < 300 && (!prefix || r.path.toLowerCase().startsWith(prefix))).length;
}
