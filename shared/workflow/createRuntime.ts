import type { TokenCredential } from "@azure/core-auth";
import type { ArmClients } from "../azure/clients.ts";
import { createCredential, GraphQuotaPacer, graphPacingPolicy, KeyVaultPacer, pacingPolicy, RatePacer, systemClock, type ArmConnection, type Clock } from "../azure/index.ts";
import type { Policy } from "../config/policy.ts";
import { policyFromSettings } from "../config/policySource.ts";
import { findingsLogFromEnv, readCaCertificate, type Settings } from "../config/settings.ts";
import { CATALOG } from "../controls/index.ts";
import type { Control } from "../controls/types.ts";
import type { Logger } from "../core/index.ts";
import type { ServiceIdentity } from "../guards/loopGuard.ts";
import { WorkQueue } from "../queue/workQueue.ts";
import { RESOURCES, type ResourceModule } from "../resources/index.ts";
import { AzureTables } from "../store/azureRows.ts";
import type { StorageConnection } from "../store/connection.ts";
import { Ledger } from "../store/ledger.ts";
import { LedgerSeal } from "../store/seal.ts";
import type { Recorder } from "../store/types.ts";
import { ManagementGroupMembers } from "./membership.ts";
import type { GuardRuntime, QueuedRuntime } from "./runtime.ts";

/** What every runtime is made of. */
export interface RuntimeOptions {
  policy: Policy;
  logger: Logger;
  /** ARM and how to reach it; the clients are paced from ARM's rate-limit headers unless `pacer` is false. */
  arm: Omit<ArmConnection, "policies">;
  /** The pacer the ARM clients share (a caller may read its stats); false: none, to compare. */
  pacer?: RatePacer | false;
  /** The pacer of Resource Graph's per-user quota (a caller may read its stats). */
  graphPacer?: GraphQuotaPacer;
  /** The pacer of the vaults' data planes, one bucket per vault (a caller may read its stats); false: none. */
  keyVaultPacer?: KeyVaultPacer | false;
  /** What the pacers wait by when the caller builds none (tests give a stepping clock). */
  clock?: Clock;
  /** Management groups whose subscriptions are guarded too (GUARD_MANAGEMENT_GROUPS). */
  managementGroups?: readonly string[];
  /** Overrides the policy's sweep.source (GUARD_SWEEP_SOURCE). */
  sweepSource?: "graph" | "arm";
  actor: string;
  dryRun?: boolean;
  subscriptionIds?: readonly string[];
  now?: () => Date;
  catalog?: readonly Control[];
  resources?: readonly ResourceModule[];
  /** Where a command-line run records, so `rollback` can undo its fixes (the ledger in GUARD_STORAGE); in memory when absent. */
  ledger?: Ledger;
}

/** A runtime whose ledger and work queue live in a storage account (Azurite locally). */
export interface QueuedRuntimeOptions extends RuntimeOptions {
  storage: StorageConnection;
  identity: ServiceIdentity;
  /** The ledger's integrity keys (GUARD_LEDGER_KEYS): the first seals new rows, every one verifies. */
  ledgerKeys: readonly Buffer[];
  /** Table name prefix and queue name, so several runs can share one account. */
  tablePrefix?: string;
  queueName?: string;
  /** The environment the outputs read: ticket sink credentials, the custom event topic. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The SDK clients, loaded here and not imported above: every `@azure/arm-*` package is a large
 * module, and a Functions cold start (the Event Grid handshake above all) must not wait for them
 * before anything asks for a runtime.
 */
async function armClients(options: RuntimeOptions): Promise<ArmClients> {
  const clock = options.clock ?? systemClock;
  const pacer = options.pacer === false ? undefined : (options.pacer ?? new RatePacer({ clock }));
  const graphPacer = options.graphPacer ?? new GraphQuotaPacer({ clock });
  const keyVaultPacer = options.keyVaultPacer === false ? undefined : (options.keyVaultPacer ?? new KeyVaultPacer({ clock }));
  const { ArmClients } = await import("../azure/clients.ts");
  return new ArmClients({ ...options.arm, policies: pacer ? [pacingPolicy(pacer)] : [] }, { graphPolicies: [graphPacingPolicy(graphPacer)], ...(keyVaultPacer ? { keyVaultPacer } : {}) });
}

/**
 * What leaves the service besides ARM writes: ticket intents into the outbox (when the policy
 * names sinks), events to the custom topic (when one is set) and rows to the findings log table
 * (when GUARD_LOGS_INGESTION_ENDPOINT and GUARD_LOGS_RULE_ID name it), all fed by recording into
 * the ledger. Loaded on use: the sinks' clients are only needed where they are configured.
 */
async function ledgerOutputs(ledger: Ledger, options: QueuedRuntimeOptions): Promise<Pick<GuardRuntime, "recorder" | "tickets">> {
  const env = options.env ?? {};
  let recorder: Recorder = ledger;
  const { ticketingFromPolicy, ticketingRecorder } = await import("../tickets/index.ts");
  const tickets = ticketingFromPolicy(options.policy, { env, tables: ledger.tables, logger: options.logger });
  if (tickets) recorder = ticketingRecorder(recorder, tickets);
  const { eventTopicFromSettings, GuardEventPublisher, publishingRecorder } = await import("../publish/index.ts");
  const topic = eventTopicFromSettings(env, () => options.arm.credential);
  if (topic) recorder = publishingRecorder(recorder, (resourceId) => ledger.findings.ofResource(resourceId), new GuardEventPublisher(topic, options.logger));
  const findingsLog = findingsLogFromEnv(env);
  if (findingsLog) {
    const { FindingsLog, findingsLogTarget, ingestingRecorder } = await import("../ingest/index.ts");
    recorder = ingestingRecorder(recorder, new FindingsLog(await findingsLogTarget(findingsLog, options.arm.credential), options.logger));
  }
  return { recorder, ...(tickets ? { tickets } : {}) };
}

/**
 * The one way a runtime is built: for the Functions host, the key-access timer, the CLI, the
 * demo, the benchmarks and the tests. With `storage` the ledger and the work queue live in that
 * account and recording feeds the policy's ticket sinks and the event topic; without it the
 * ledger lives in memory for one command-line run.
 */
export async function createRuntime(options: QueuedRuntimeOptions): Promise<QueuedRuntime>;
export async function createRuntime(options: RuntimeOptions): Promise<GuardRuntime>;
export async function createRuntime(options: RuntimeOptions | QueuedRuntimeOptions): Promise<GuardRuntime | QueuedRuntime> {
  const clients = await armClients(options);
  const managementGroups = [...(options.managementGroups ?? [])];
  const base = {
    clients,
    managementGroups,
    members: new ManagementGroupMembers([...managementGroups, ...options.policy.scopes.managementGroups], () => clients.graph),
    sweepSource: options.sweepSource ?? options.policy.sweep.source,
    policy: options.policy,
    catalog: options.catalog ?? CATALOG,
    resources: options.resources ?? RESOURCES,
    logger: options.logger,
    actor: options.actor,
    dryRun: options.dryRun ?? false,
    now: options.now ?? (() => new Date()),
    subscriptionIds: options.subscriptionIds ?? [],
  };
  if (!("storage" in options)) {
    const ledger = options.ledger ?? Ledger.inMemory();
    return { ...base, ledger, recorder: ledger };
  }
  const tables = new AzureTables(options.storage, options.tablePrefix ? { prefix: options.tablePrefix } : {});
  const ledger = new Ledger(tables, { seal: new LedgerSeal(options.ledgerKeys) });
  return {
    ...base,
    ledger,
    ...(await ledgerOutputs(ledger, options)),
    queue: new WorkQueue(options.storage, options.queueName),
    identity: options.identity,
  };
}

/** The storage connection the settings name; identity-based endpoints use the service's credential. */
export function storageConnection(settings: Settings, credential: () => TokenCredential): StorageConnection | undefined {
  const storage = settings.storage;
  if (!storage) return undefined;
  return "connectionString" in storage ? storage : { ...storage, credential: credential() };
}

/** The ledger's tables in the account the settings name (under GUARD_TABLE_PREFIX), or undefined without GUARD_STORAGE. */
export function ledgerTables(settings: Settings, credential: () => TokenCredential): AzureTables | undefined {
  const connection = storageConnection(settings, credential);
  return connection ? new AzureTables(connection, settings.tablePrefix ? { prefix: settings.tablePrefix } : {}) : undefined;
}

/** The credential the settings choose (ARM_CREDENTIAL, AZURE_CLIENT_ID). */
export function settingsCredential(settings: Settings): TokenCredential {
  return createCredential(settings.credential, settings.managedIdentityClientId);
}

/** Who the service writes to ARM as: the configured identity, else the user-assigned managed identity (its client id is its app id too). */
export function serviceIdentityOf(settings: Settings): ServiceIdentity {
  return settings.serviceIdentity ?? (settings.managedIdentityClientId ? { appId: settings.managedIdentityClientId } : {});
}

/** A runtime with its ledger and work queue in storage, as the Functions host needs one. */
export function isQueued(runtime: GuardRuntime): runtime is QueuedRuntime {
  return "queue" in runtime;
}

/**
 * The deployed service's runtime, from validated app settings: ARM as ARM_ENDPOINT says, the
 * policy from GUARD_POLICY(_FILE), and the ledger and queue in GUARD_STORAGE (without it, a
 * ledger in memory: the key-access timer on its own, a local run). `credential` replaces the
 * one the settings choose (a local run against the emulator).
 */
export async function runtimeFromSettings(
  settings: Settings,
  options: { logger: Logger; credential?: TokenCredential; env?: Readonly<Record<string, string | undefined>> },
): Promise<GuardRuntime | QueuedRuntime> {
  const credential = options.credential ?? settingsCredential(settings);
  const ca = await readCaCertificate(settings.armCaCertFile);
  const base: RuntimeOptions = {
    policy: await policyFromSettings(settings),
    logger: options.logger,
    arm: { endpoint: settings.armEndpoint, ...(ca ? { ca } : {}), credential, ...(settings.keyVaultDnsSuffix ? { keyVaultDnsSuffix: settings.keyVaultDnsSuffix } : {}) },
    pacer: new RatePacer(settings.armRates ? { rates: settings.armRates } : {}),
    actor: settings.actor,
    dryRun: settings.dryRun,
    subscriptionIds: settings.subscriptionIds,
    managementGroups: settings.managementGroups,
    ...(settings.sweepSource ? { sweepSource: settings.sweepSource } : {}),
  };
  // Storage always takes the service's own credential: an emulator's token means nothing to it.
  const storage = storageConnection(settings, () => settingsCredential(settings));
  if (!storage) return createRuntime(base);
  if (!settings.ledgerKeys) {
    throw new Error(
      "GUARD_LEDGER_KEYS: the ledger's rows are sealed with these keys, and a rollback trusts only rows that carry a valid seal; set it (a Key Vault reference in Azure, docs/operations.md)",
    );
  }
  return createRuntime({
    ...base,
    storage,
    identity: serviceIdentityOf(settings),
    ledgerKeys: settings.ledgerKeys,
    ...(settings.tablePrefix ? { tablePrefix: settings.tablePrefix } : {}),
    env: options.env ?? process.env,
  });
}
