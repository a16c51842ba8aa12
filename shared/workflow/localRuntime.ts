import { ArmClients } from "../azure/clients.ts";
import { EmulatorCredential } from "../azure/credential.ts";
import { pacingPolicy, RatePacer } from "../azure/pacing.ts";
import type { Policy } from "../config/policy.ts";
import { WorkQueue } from "../queue/workQueue.ts";
import { AzureTables } from "../store/azureRows.ts";
import { Ledger } from "../store/ledger.ts";
import type { GuardRuntime } from "./runtime.ts";
import type { Logger } from "../core/index.ts";

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
  /** The pacer the ARM clients use (shared, so a caller can read its stats); false: none, to compare. */
  pacer?: RatePacer | false;
}

export type LocalRuntime = GuardRuntime & { ledger: Ledger; queue: WorkQueue; pacer?: RatePacer };

/**
 * The service wired to local stand-ins, the way the Functions app is wired to Azure: the ARM
 * emulator (the real SDK clients over HTTPS, paced by the rate-limit headers) and Azurite
 * (the Table ledger and the work queue). For the demo, the tests and the benchmarks.
 */
export function localRuntime(options: LocalRuntimeOptions): LocalRuntime {
  const pacer = options.pacer === false ? undefined : (options.pacer ?? new RatePacer());
  const connection = { connectionString: options.connectionString };
  const ledger = new Ledger(new AzureTables(connection, { ...(options.tablePrefix ? { prefix: options.tablePrefix } : {}) }));
  return {
    clients: new ArmClients({
      endpoint: options.endpoint,
      ca: options.ca,
      credential: new EmulatorCredential({ appid: options.identity.appId, oid: options.identity.objectId }),
      policies: pacer ? [pacingPolicy(pacer)] : [],
      ...(options.retry ? { retry: options.retry } : {}),
    }),
    policy: options.policy,
    recorder: ledger,
    ledger,
    queue: new WorkQueue(connection, options.queueName),
    logger: options.logger,
    actor: options.identity.appId,
    identity: options.identity,
    subscriptionIds: options.subscriptionIds ?? [],
    ...(pacer ? { pacer } : {}),
  };
}
