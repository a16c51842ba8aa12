import type { InvocationContext, Timer } from "@azure/functions";
import {
  AnomalyLedger,
  BaselineStore,
  checkKeyAccess,
  createLogsQueryClient,
  loggingSink,
  MemoryDeduplicator,
  parseKeyAccessSettings,
  type AlertDeduplicator,
  type AllowlistEntry,
  type AnomalySink,
  type CallerMatcher,
  type LogsQueryRunner,
} from "../shared/anomalies/index.ts";
import type { TokenCredential } from "@azure/core-auth";
import { parseSettings, readCaCertificate } from "../shared/config/settings.ts";
import { findingsLogAnomalySink, FindingsLog, findingsLogTarget } from "../shared/ingest/index.ts";
import { eventGridAnomalySink, eventTopicFromSettings, GuardEventPublisher } from "../shared/publish/index.ts";
import { anomalySinksFromPolicy } from "../shared/tickets/anomalySink.ts";
import { isQueued, runtimeFromSettings, serviceIdentityOf, settingsCredential } from "../shared/workflow/index.ts";

/** What one run of the monitor needs, built from the app settings unless a test supplies it. */
export interface KeyAccessDependencies {
  client: LogsQueryRunner;
  workspaceIds: readonly string[];
  windowHours: number;
  baselineDays: number;
  allowlist: readonly AllowlistEntry[] | undefined;
  /** Sinks beyond the invocation log: the ledger, the policy's webhooks, Event Grid. */
  sinks: readonly AnomalySink[];
  deduplicator: AlertDeduplicator;
  now: () => Date;
  /** Baselines kept between runs (with GUARD_STORAGE): each run then reads only the hours since the last. */
  baselines?: BaselineStore;
  /** The service's own identity, whose diagnostic-setting changes are its job. */
  serviceIdentity?: { appId?: string; objectId?: string };
  people?: readonly CallerMatcher[];
}

export type KeyAccessDependencyFactory = (context: InvocationContext) => Promise<KeyAccessDependencies>;

/** Alerts already sent, kept for the life of the worker process: without GUARD_STORAGE there is no ledger to keep them. */
const processDeduplicator = new MemoryDeduplicator();

/**
 * From the app settings: LOG_ANALYTICS_WORKSPACE_IDS, LOG_ANALYTICS_ENDPOINT,
 * LOG_ANALYTICS_CA_CERT_FILE, KEY_ACCESS_WINDOW_HOURS and KEY_ACCESS_BASELINE_DAYS, with the
 * app's credential (ARM_CREDENTIAL, AZURE_CLIENT_ID), the policy's `anomalies` section and its
 * webhook sinks, and the ledger (GUARD_STORAGE), which records anomalies, deduplicates alerts and
 * keeps the callers' baselines between runs.
 * Read per invocation: it is one small file and a client, and a changed setting takes effect.
 */
export const keyAccessFromSettings =
  (options: { credential?: TokenCredential } = {}): KeyAccessDependencyFactory =>
  async (context) => {
    const appSettings = parseSettings();
    const settings = parseKeyAccessSettings();
    const runtime = await runtimeFromSettings(appSettings, { logger: context, ...(options.credential ? { credential: options.credential } : {}) });
    const credential = options.credential ?? settingsCredential(appSettings);
    const { policy } = runtime;
    const ca = await readCaCertificate(settings.caCertFile, "LOG_ANALYTICS_CA_CERT_FILE");
    // With GUARD_EVENTS_TOPIC_ENDPOINT set, anomalies also go out as EncryptionGuard.KeyAccessAnomaly events.
    const topic = eventTopicFromSettings(process.env, () => credential);
    // With GUARD_LOGS_* set, anomalies also go to the findings table the workbook charts.
    const findingsLog = appSettings.findingsLog ? new FindingsLog(await findingsLogTarget(appSettings.findingsLog, credential), context) : undefined;
    const tables = isQueued(runtime) ? runtime.ledger.tables : undefined;
    const ledger = tables ? new AnomalyLedger(tables) : undefined;
    return {
      client: createLogsQueryClient({ credential, endpoint: settings.endpoint, ...(ca ? { ca } : {}) }),
      workspaceIds: settings.workspaceIds,
      windowHours: settings.windowHours ?? policy.anomalies.windowHours,
      baselineDays: settings.baselineDays ?? policy.anomalies.baselineDays,
      allowlist: policy.anomalies.allowlist,
      sinks: [
        ...(ledger ? [ledger] : []),
        ...anomalySinksFromPolicy(policy.tickets.sinks),
        ...(topic ? [eventGridAnomalySink(new GuardEventPublisher(topic, context))] : []),
        ...(findingsLog ? [findingsLogAnomalySink(findingsLog)] : []),
      ],
      deduplicator: ledger ?? processDeduplicator,
      now: runtime.now,
      ...(tables ? { baselines: new BaselineStore(tables) } : {}),
      serviceIdentity: serviceIdentityOf(appSettings),
      people: policy.anomalies.people,
    };
  };

/** Timer trigger: anomalous key access over the Key Vault audit logs of the configured workspaces. */
export function keyAccessHandler(dependencies: KeyAccessDependencyFactory) {
  return async (_timer: Timer, context: InvocationContext) => {
    const deps = await dependencies(context);
    if (deps.workspaceIds.length === 0) {
      context.warn("keyAccess: LOG_ANALYTICS_WORKSPACE_IDS is empty; no logs to watch");
      return { anomalies: 0, sent: 0, duplicates: 0, gaps: 0 };
    }
    const check = await checkKeyAccess({
      client: deps.client,
      workspaceIds: deps.workspaceIds,
      now: deps.now(),
      windowHours: deps.windowHours,
      baselineDays: deps.baselineDays,
      ...(deps.allowlist ? { allowlist: deps.allowlist } : {}),
      sinks: [loggingSink((message) => context.warn(message)), ...deps.sinks],
      deduplicator: deps.deduplicator,
      ...(deps.baselines ? { baselines: deps.baselines } : {}),
      ...(deps.serviceIdentity ? { serviceIdentity: deps.serviceIdentity } : {}),
      ...(deps.people ? { people: deps.people } : {}),
    });
    if (check.baseline.mode === "rebuilt") context.info(`keyAccess: baselines rebuilt from the workspace: ${check.baseline.reason}`);
    for (const gap of check.gaps) {
      context.error(`keyAccess: ${gap.workspaceId} ${gap.table} ${new Date(gap.from).toISOString()}..${new Date(gap.to).toISOString()} not read: ${gap.reason}`);
    }
    for (const { kind, reason } of check.analysis.skipped) context.warn(`keyAccess: ${kind} not run: ${reason}`);
    for (const { sink, error } of check.dispatch.failures) context.error(`keyAccess: sink ${sink} failed: ${error}`);
    const summary = {
      anomalies: check.analysis.anomalies.length,
      sent: check.dispatch.sent.length,
      duplicates: check.dispatch.duplicates,
      gaps: check.gaps.length,
    };
    context.info(`keyAccess: ${check.queries} queries, ${check.aggregates} hourly aggregates in the window, ${JSON.stringify(summary)}`);
    return summary;
  };
}

export const keyAccessTimer = keyAccessHandler(keyAccessFromSettings());
