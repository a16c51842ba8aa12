import { mkdtemp, rm, writeFile } from "node:fs/promises";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import type { ArmState, LroMode } from "./arm/context.ts";
import { Operations } from "./arm/operations.ts";
import { systemData } from "./arm/systemData.ts";
import { DEFAULT_SDK_CALLER, DEFAULT_WRITE_ACTOR, DEMO_SUBSCRIPTION_ID, DEMO_TENANT_ID, type CallerIdentity } from "./constants.ts";
import { demoCertificates, demoEstate, generateEstate } from "./estates/index.ts";
import { EventDelivery, type DeliveryLogEntry, type DeliveryRetry } from "./events/delivery.ts";
import { resourceEvent, type EventGridEvent } from "./events/eventGrid.ts";
import { GraphService, type GraphOptions } from "./graph/index.ts";
import { FaultInjector, type FaultConfig } from "./reliability/faults.ts";
import { Throttle, type ThrottleConfig } from "./reliability/throttle.ts";
import { CATALOG } from "./resources/index.ts";
import { handleLogAnalyticsRequest, handleLogsIngestionRequest, isLogAnalyticsRequest, isLogsIngestionRequest, LogAnalyticsStore, LogsIngestionStore } from "./logAnalytics/index.ts";
import { handleRequest, type RequestLogEntry } from "./server/pipeline.ts";
import { handleKeyVaultRequest, isKeyVaultRequest, KEY_VAULT_THROTTLE, seedCertificate, VaultObjects, type CertificateSeed, type KeyVaultObjects } from "./keyVault/index.ts";
import type { BucketConfig } from "./reliability/throttle.ts";
import { selfSignedCertificate } from "./server/tls.ts";
import { ResourceStore } from "./store/store.ts";
import type { ArmDocument } from "../shared/core/index.ts";

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** "demo", "empty" (default), a generated estate of N resources, or documents to serve. */
  estate?: "demo" | "empty" | number | ArmDocument[];
  /** Seed of a generated estate (default 1). */
  estateSeed?: number;
  /** Default: one subscription, DEMO_SUBSCRIPTION_ID. */
  subscriptions?: string[];
  /** ARM's token buckets (default reads 250 / 25 per s, writes 200 / 10 per s); false turns throttling off. */
  throttle?: Partial<ThrottleConfig> | false;
  faults?: FaultConfig;
  /** async (default): 202 + Azure-AsyncOperation where the SDK method is an LRO; sync: the final body at once. */
  lro?: LroMode;
  /** Polls an operation answers InProgress before Succeeded (default 0). */
  lroInProgressPolls?: number;
  /** Items per list page (default 100). */
  pageSize?: number;
  /** Who SDK requests are from when the token is not a JWT and no `x-emulator-appid` header names a caller. */
  defaultCaller?: Partial<CallerIdentity>;
  /** Event Grid's retries of a failed webhook delivery. */
  eventRetry?: Partial<DeliveryRetry>;
  /**
   * The time the token buckets refill by (default: the system clock). A test gives the pacer
   * and the emulator one stepping clock, so a paced run does not depend on the machine's speed.
   */
  clock?: { now(): number };
  /** The time the demo estate's key and secret dates are relative to (default: now). */
  estateNow?: Date;
  /** Resource Graph's quota, its lag behind ARM and the management groups it resolves. */
  graph?: GraphOptions;
  /** Certificates in the vaults' data planes (the demo estate brings its own). */
  certificates?: CertificateSeed[];
  /** Each vault's transaction limit (default 4,000 per 10 s, as Key Vault's); false turns it off. */
  keyVaultThrottle?: Partial<BucketConfig> | false;
}

export interface RunningEmulator {
  /** `https://127.0.0.1:PORT` */
  endpoint: string;
  /** PEM of the self-signed certificate, to pass as `tlsOptions.ca`. */
  ca: string;
  /** That PEM in a temporary file (for `scan --ca FILE`), removed by `stop()`. */
  caFile: string;
  subscriptions: string[];
  /** Direct state access: no events, no throttling, no log. */
  store: ResourceStore;
  /**
   * An out-of-band change as if a user made it through ARM: deep-merges `properties` and
   * `tags` into the resource and emits ResourceWriteSuccess with that actor's claims.
   */
  write(id: string, change: { properties?: Record<string, unknown>; tags?: Record<string, string> }, actor?: Partial<CallerIdentity>): ArmDocument;
  requests: RequestLogEntry[];
  clearRequests(): void;
  faults: { set(config: FaultConfig | undefined): void };
  throttle: { set(config: Partial<ThrottleConfig> | false): void };
  /** Resource Graph: the queries it answered, and how far its copy lags ARM (changeable mid-test). */
  graph: { readonly queries: number; setLag(ms: number): void };
  webhooks: { add(url: string, opts?: { ca?: string }): void; remove(url: string): void; delivered: DeliveryLogEntry[] };
  /** Every event emitted so far, delivered or not. */
  events: EventGridEvent[];
  /** Resolves when every event emitted so far has been delivered (or given up on). */
  flushEvents(): Promise<void>;
  /** The Log Analytics query API (`POST /v1/workspaces/{id}/query`): the rows each workspace holds. */
  logAnalytics: LogAnalyticsStore;
  /**
   * The Logs Ingestion API at `endpoint` (`POST /dataCollectionRules/{id}/streams/{stream}`): the
   * rules it knows (`addRule`, as a deployment declares them) and the rows each stream received.
   */
  logsIngestion: LogsIngestionStore;
  /**
   * The Key Vault data plane at `https://<vault>.vault.localhost:<port>/` (the vault must exist in
   * ARM): the objects each vault holds, seeding, and each vault's transaction limit.
   */
  keyVault: {
    objects: KeyVaultObjects;
    /** Adds a certificate version (the current one from then on); returns its version id. */
    seedCertificate(seed: CertificateSeed): string;
    throttle: { set(config: Partial<BucketConfig> | false): void };
  };
  stop(): Promise<void>;
}

/** Starts the ARM emulator over HTTPS. It prints nothing. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const subscriptions = options.subscriptions ?? [DEMO_SUBSCRIPTION_ID];
  if (subscriptions.length === 0) throw new Error("subscriptions must name at least one subscription id");
  const pageSize = options.pageSize ?? 100;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`pageSize must be a positive integer, got ${options.pageSize}`);
  const lroMode = options.lro ?? "async";
  if (lroMode !== "sync" && lroMode !== "async") throw new Error(`lro must be "sync" or "async", got ${JSON.stringify(options.lro)}`);

  const store = new ResourceStore(CATALOG, subscriptions);
  store.putAll(estateDocuments(options, subscriptions, options.estateNow ?? new Date()));

  const clock = options.clock ?? { now: () => Date.now() };
  const throttle = new Throttle(options.throttle, () => clock.now());
  const faults = new FaultInjector(options.faults);
  const delivery = new EventDelivery(options.eventRetry);
  const requests: RequestLogEntry[] = [];
  const certificate = await selfSignedCertificate();
  const state: ArmState = {
    store,
    catalog: CATALOG,
    operations: new Operations(options.lroInProgressPolls ?? 0),
    origin: "",
    lroMode,
    pageSize,
    notify: (change) => delivery.emit(resourceEvent({ operation: change.operation, resourceId: change.id, resourceType: change.type, caller: change.caller, correlationId: change.correlationId })),
  };
  // After the estate is loaded: what was there at start is what the graph has indexed.
  const graph = new GraphService(store, CATALOG, () => clock.now(), options.graph);
  const deps = { state, throttle, faults, log: requests, defaultCaller: { ...DEFAULT_SDK_CALLER, ...options.defaultCaller }, graph };
  const logAnalytics = new LogAnalyticsStore();
  const logsIngestion = new LogsIngestionStore();
  const vaultObjects: KeyVaultObjects = new VaultObjects();
  for (const seed of [...(options.estate === "demo" ? demoCertificates(clock.now()) : []), ...(options.certificates ?? [])]) seedCertificate(vaultObjects.of(seed.vault, "certificates"), seed);
  const vaultThrottle = new Throttle(keyVaultThrottle(options.keyVaultThrottle), () => clock.now());
  const keyVaultDeps = { arm: store, objects: vaultObjects, throttle: vaultThrottle, log: requests, origin: () => state.origin, pageSize };
  const server = https.createServer({ cert: certificate.cert, key: certificate.key, keepAliveTimeout: 5_000 }, (req, res) => {
    const handled = isKeyVaultRequest(req)
      ? handleKeyVaultRequest(keyVaultDeps, req, res)
      : isLogAnalyticsRequest(req)
        ? handleLogAnalyticsRequest(logAnalytics, req, res)
        : isLogsIngestionRequest(req)
          ? handleLogsIngestionRequest(logsIngestion, req, res)
          : handleRequest(deps, req, res);
    handled.catch(() => res.destroy());
  });
  // A reset fault destroys sockets on purpose; nothing to report.
  server.on("clientError", (_error, socket) => socket.destroy());
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `https://${host.includes(":") ? `[${host}]` : host}:${port}`;
  state.origin = endpoint;
  graph.origin = endpoint;
  const caDir = await mkdtemp(join(tmpdir(), "encryption-guard-emulator-"));
  const caFile = join(caDir, "ca.pem");
  await writeFile(caFile, certificate.cert, { mode: 0o600 });

  return {
    endpoint,
    ca: certificate.cert,
    caFile,
    get subscriptions() {
      return store.subscriptions;
    },
    store,
    write(id, change, actor) {
      if (!store.has(id)) throw new Error(`write(): the emulator has no resource ${id}`);
      const caller = { ...DEFAULT_WRITE_ACTOR, ...actor };
      const doc = store.merge(
        id,
        { ...(change.properties ? { properties: change.properties } : {}), ...(change.tags ? { tags: change.tags } : {}), ...systemData(caller, false) },
        { mergeTags: true },
      );
      delivery.emit(resourceEvent({ operation: "write", resourceId: doc.id, resourceType: doc.type, caller, correlationId: randomUUID() }));
      return doc;
    },
    requests,
    clearRequests: () => void requests.splice(0, requests.length),
    faults: { set: (config) => faults.set(config) },
    throttle: { set: (config) => throttle.set(config) },
    graph: {
      get queries() {
        return graph.queries;
      },
      setLag: (ms) => void (graph.lagMs = ms),
    },
    webhooks: { add: (url, opts) => delivery.add(url, opts), remove: (url) => delivery.remove(url), delivered: delivery.delivered },
    events: delivery.emitted,
    flushEvents: () => delivery.flush(),
    logAnalytics,
    logsIngestion,
    keyVault: {
      objects: vaultObjects,
      seedCertificate: (seed) => seedCertificate(vaultObjects.of(seed.vault, "certificates"), seed),
      throttle: { set: (config) => vaultThrottle.set(keyVaultThrottle(config)) },
    },
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await delivery.close();
      await rm(caDir, { recursive: true, force: true });
    },
  };
}

/** Key Vault weighs every transaction into one per-vault sum: one bucket (`reads`) serves them all. */
function keyVaultThrottle(config: Partial<BucketConfig> | false | undefined) {
  if (config === false) return false;
  const bucket = { ...KEY_VAULT_THROTTLE, ...config };
  return { reads: bucket, writes: bucket };
}

function estateDocuments(options: EmulatorOptions, subscriptions: string[], now: Date): ArmDocument[] {
  const estate = options.estate ?? "empty";
  if (estate === "empty") return [];
  if (estate === "demo") return demoEstate(subscriptions[0]!, now);
  if (typeof estate === "number") {
    if (!Number.isInteger(estate) || estate < 0) throw new Error(`estate must be a non-negative integer count, got ${estate}`);
    return generateEstate(estate, subscriptions, options.estateSeed ?? 1);
  }
  if (Array.isArray(estate)) return estate;
  throw new Error(`estate must be "demo", "empty", a count or an array of ARM documents, got ${JSON.stringify(estate)}`);
}

export { DEMO_SUBSCRIPTION_ID, DEMO_TENANT_ID, DEFAULT_SDK_CALLER, DEFAULT_WRITE_ACTOR, generateEstate, demoEstate };
export type { CallerIdentity, DeliveryLogEntry, EventGridEvent, FaultConfig, GraphOptions, RequestLogEntry, ThrottleConfig, ResourceStore };
export type { IngestionLogEntry, IngestionRule } from "./logAnalytics/index.ts";
export type { FaultKind } from "./reliability/faults.ts";
export type { CertificateSeed, WireCertificatePolicy } from "./keyVault/index.ts";
export type { ListFilter, ResourceGroup } from "./store/store.ts";
