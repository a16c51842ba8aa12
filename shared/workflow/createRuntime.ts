import { ArmClients } from "../azure/clients.ts";
import { createCredential } from "../azure/credential.ts";
import { pacingPolicy, RatePacer } from "../azure/pacing.ts";
import type { Policy } from "../config/policy.ts";
import { policyFromSettings } from "../config/policySource.ts";
import { readCaCertificate, type Settings } from "../config/settings.ts";
import { WorkQueue } from "../queue/workQueue.ts";
import { AzureTables } from "../store/azureRows.ts";
import type { StorageConnection } from "../store/connection.ts";
import { Ledger } from "../store/ledger.ts";
import { MemoryRecorder } from "../store/memoryRecorder.ts";
import type { Recorder } from "../store/types.ts";
import type { Ticketing } from "../tickets/ticketing.ts";
import type { GuardRuntime } from "./runtime.ts";
import type { Logger } from "../core/index.ts";

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
 * What leaves the service besides ARM writes: ticket intents into the outbox (when the policy
 * names sinks) and events to the custom topic (when one is set), both fed by recording into the
 * ledger. Loaded on use: the sinks' clients are only needed where tickets are filed.
 */
async function ledgerOutputs(ledger: Ledger, policy: Policy, settings: Settings, logger: Logger): Promise<{ recorder: Recorder; tickets?: Ticketing }> {
  let recorder: Recorder = ledger;
  const { ticketingFromPolicy, ticketingRecorder } = await import("../tickets/index.ts");
  const tickets = ticketingFromPolicy(policy, { tables: ledger.tables, logger });
  if (tickets) recorder = ticketingRecorder(recorder, tickets);
  const { eventTopicFromSettings, GuardEventPublisher, publishingRecorder } = await import("../publish/index.ts");
  const topic = eventTopicFromSettings(process.env, () => createCredential(settings.credential, settings.managedIdentityClientId));
  if (topic) recorder = publishingRecorder(recorder, (resourceId) => ledger.findings.ofResource(resourceId), new GuardEventPublisher(topic, logger));
  return { recorder, ...(tickets ? { tickets } : {}) };
}

/** The ledger's tables in the account the settings name (under GUARD_TABLE_PREFIX), or undefined without GUARD_STORAGE. */
export function ledgerTables(settings: Settings): AzureTables | undefined {
  const connection = storageConnection(settings);
  return connection ? new AzureTables(connection, settings.tablePrefix ? { prefix: settings.tablePrefix } : {}) : undefined;
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
  const tables = ledgerTables(settings);
  const ledger = overrides.ledger ?? (tables ? new Ledger(tables) : undefined);
  const queue = overrides.queue ?? (connection ? new WorkQueue(connection) : undefined);
  // A user-assigned managed identity's client id is its application id too.
  const identity = settings.serviceIdentity ?? (settings.managedIdentityClientId ? { appId: settings.managedIdentityClientId } : undefined);
  const policy = overrides.policy ?? (await policyFromSettings(settings));
  const outputs = ledger && !overrides.recorder ? await ledgerOutputs(ledger, policy, settings, overrides.logger) : undefined;
  return {
    clients,
    policy,
    recorder: overrides.recorder ?? outputs?.recorder ?? ledger ?? new MemoryRecorder(),
    ...(outputs?.tickets ? { tickets: outputs.tickets } : {}),
    actor: overrides.actor ?? settings.actor,
    dryRun: overrides.dryRun ?? settings.dryRun,
    subscriptionIds: settings.subscriptionIds,
    ...(ledger ? { ledger } : {}),
    ...(queue ? { queue } : {}),
    ...(identity ? { identity } : {}),
    ...overrides,
  };
}
