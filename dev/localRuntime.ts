import type { Policy } from "../shared/config/policy.ts";
import type { Logger } from "../shared/core/index.ts";
import type { RatePacer } from "../shared/azure/index.ts";
import { createRuntime, type QueuedRuntime } from "../shared/workflow/index.ts";
import { EmulatorCredential } from "./emulatorCredential.ts";

/**
 * The ledger key of local runs (the demo, the tests, the benchmarks), shared by their processes
 * so one can read what another sealed. It seals rows in a local Azurite only; a deployment's
 * keys come from GUARD_LEDGER_KEYS (a Key Vault reference in Azure).
 */
export const LOCAL_LEDGER_KEY = Buffer.from("encryption-guard local ledger key: Azurite only, never Azure storage", "utf8");

export interface LocalRuntimeOptions {
  /** The ARM emulator's endpoint and certificate. */
  endpoint: string;
  ca: string;
  /** Azurite's connection string. */
  connectionString: string;
  /** Who the service acts as: the emulator stamps it on the events of our writes. */
  identity: { appId: string; objectId: string };
  policy: Policy;
  logger: Logger;
  subscriptionIds?: readonly string[];
  /** Table name prefix and queue name, so several runs can share one Azurite. */
  tablePrefix?: string;
  queueName?: string;
  retry?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
  pacer?: RatePacer | false;
  dryRun?: boolean;
  now?: () => Date;
  /** What the outputs read (ticket sink credentials, the event topic, GUARD_LOGS_*: the emulator's Logs Ingestion API), as app settings would hold them. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The service wired to local stand-ins the way the Functions app is wired to Azure: the ARM
 * emulator (signed in with an emulator token that names the service's identity) and Azurite
 * (the Table ledger and the work queue). For the demo, the tests and the benchmarks.
 */
export function localRuntime(options: LocalRuntimeOptions): Promise<QueuedRuntime> {
  return createRuntime({
    policy: options.policy,
    logger: options.logger,
    arm: {
      endpoint: options.endpoint,
      ca: options.ca,
      credential: new EmulatorCredential({ appid: options.identity.appId, oid: options.identity.objectId }),
      ...(options.retry ? { retry: options.retry } : {}),
    },
    ...(options.pacer !== undefined ? { pacer: options.pacer } : {}),
    actor: options.identity.appId,
    ...(options.dryRun !== undefined ? { dryRun: options.dryRun } : {}),
    ...(options.now ? { now: options.now } : {}),
    subscriptionIds: options.subscriptionIds ?? [],
    storage: { connectionString: options.connectionString },
    identity: options.identity,
    ledgerKeys: [LOCAL_LEDGER_KEY],
    ...(options.tablePrefix ? { tablePrefix: options.tablePrefix } : {}),
    ...(options.queueName ? { queueName: options.queueName } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
}
