import { ArmClients } from "../azure/clients.ts";
import { createCredential } from "../azure/credential.ts";
import { pacingPolicy, RatePacer } from "../azure/pacing.ts";
import { loadPolicy } from "../config/policy.ts";
import { readCaCertificate, type Settings } from "../config/settings.ts";
import { WorkQueue } from "../queue/workQueue.ts";
import { AzureTables } from "../store/azureRows.ts";
import type { StorageConnection } from "../store/connection.ts";
import { Ledger } from "../store/ledger.ts";
import { MemoryRecorder } from "../store/memoryRecorder.ts";
import type { GuardRuntime, Logger } from "./runtime.ts";

/** The storage connection the settings name; identity-based endpoints use the service's credential. */
export function storageConnection(settings: Settings): StorageConnection | undefined {
  const storage = settings.storage;
  if (!storage) return undefined;
  if ("connectionString" in storage) return storage;
  // The emulator's token means nothing to Storage: an identity-based account always uses a real credential.
  const kind = settings.credential === "emulator" ? "default" : settings.credential;
  return { ...storage, credential: createCredential(kind, settings.managedIdentityClientId) };
}

/**
 * Builds what a scan needs from validated settings; any part can be replaced (a test's recorder,
 * a logger). With GUARD_STORAGE the ledger and the work queue live in that account; without it
 * findings and actions stay in memory (a CLI run).
 */
export async function createRuntime(settings: Settings, overrides: Partial<GuardRuntime> & { logger: Logger }): Promise<GuardRuntime> {
  const ca = await readCaCertificate(settings.armCaCertFile);
  const clients =
    overrides.clients ??
    new ArmClients({
      endpoint: settings.armEndpoint,
      ...(ca ? { ca } : {}),
      credential: createCredential(settings.credential, settings.managedIdentityClientId),
      policies: [pacingPolicy(new RatePacer({ ...(settings.armRates ? { rates: settings.armRates } : {}) }))],
    });
  const connection = storageConnection(settings);
  const ledger = overrides.ledger ?? (connection ? new Ledger(new AzureTables(connection, settings.tablePrefix ? { prefix: settings.tablePrefix } : {})) : undefined);
  const queue = overrides.queue ?? (connection ? new WorkQueue(connection) : undefined);
  // A user-assigned managed identity's client id is its application id too.
  const identity = settings.serviceIdentity ?? (settings.managedIdentityClientId ? { appId: settings.managedIdentityClientId } : undefined);
  return {
    clients,
    policy: overrides.policy ?? (await loadPolicy(settings.policyFile)),
    recorder: overrides.recorder ?? ledger ?? new MemoryRecorder(),
    actor: overrides.actor ?? settings.actor,
    dryRun: overrides.dryRun ?? settings.dryRun,
    subscriptionIds: settings.subscriptionIds,
    ...(ledger ? { ledger } : {}),
    ...(queue ? { queue } : {}),
    ...(identity ? { identity } : {}),
    ...overrides,
  };
}
