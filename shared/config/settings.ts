import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { CredentialKind } from "../azure/credential.ts";
import { PUBLIC_ARM_ENDPOINT } from "../azure/clientOptions.ts";

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const commaList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );

const positiveNumber = (what: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return undefined;
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) {
        ctx.addIssue({ code: "custom", message: `must be ${what} above 0, got ${JSON.stringify(v)}` });
        return z.NEVER;
      }
      return n;
    });

/** An app setting left empty (as local.settings.json templates do) means "not set". */
const blankAsAbsent = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

const httpsUrl = blankAsAbsent(z.url({ protocol: /^https$/, error: "must be an https:// URL" }));

/** App Service sets WEBSITE_AUTH_ENABLED=True when its authentication runs in front of the app. */
const platformFlag = z
  .string()
  .optional()
  .transform((v) => /^(true|1)$/i.test(v?.trim() ?? ""));

/**
 * The ledger's integrity keys: base64, at least 32 bytes each, the first signs and all verify
 * (rotation keeps the previous ones for a while). A Key Vault reference that did not resolve
 * reaches the app as its own text, which is refused rather than used as a key.
 */
const ledgerKeys = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const entries = (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (entries.some((entry) => entry.startsWith("@Microsoft.KeyVault("))) {
      ctx.addIssue({ code: "custom", message: "the Key Vault reference did not resolve: create the vault secret it names (docs/operations.md, ledger integrity key)" });
      return z.NEVER;
    }
    const keys = entries.map((entry) => Buffer.from(entry, "base64"));
    const bad = entries.findIndex((entry, i) => !/^[A-Za-z0-9+/]+={0,2}$/.test(entry) || keys[i]!.length < 32);
    if (bad >= 0) {
      ctx.addIssue({ code: "custom", message: `entry ${bad + 1} must be base64 of at least 32 random bytes (openssl rand -base64 48)` });
      return z.NEVER;
    }
    return keys;
  });

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

/**
 * Where findings, actions and anomalies are sent through the Logs Ingestion API: the data
 * collection endpoint's logs ingestion URL, the rule's immutable id and the stream it declares.
 */
const findingsLogSchema = z.object({
  GUARD_LOGS_INGESTION_ENDPOINT: httpsUrl,
  GUARD_LOGS_RULE_ID: blankAsAbsent(z.string().regex(/^dcr-[0-9a-f]{32}$/, "must be the data collection rule's immutable id: dcr- and 32 lower-case hex digits")),
  GUARD_LOGS_STREAM: blankAsAbsent(z.string().regex(/^Custom-[A-Za-z0-9_]{1,100}$/, "must be a stream the rule declares: Custom- and letters, digits or _")),
  GUARD_LOGS_CA_CERT_FILE: blankAsAbsent(z.string()),
});

/** The stream the deployment's data collection rule declares (infra/src/modules/findingsLog.json). */
export const DEFAULT_FINDINGS_STREAM = "Custom-EncryptionGuardFindings";

const STORAGE_CONNECTION_HELP =
  "is not a storage connection string: expected AccountName=…;AccountKey=… (or the service endpoints with SharedAccessSignature=…), or UseDevelopmentStorage=true for Azurite";

/**
 * Whether a value has the shape of a storage connection string, checked here so a wrong one is
 * a clear setting error rather than a TypeError from the storage client. The value holds a key:
 * it is never echoed.
 */
function isStorageConnectionString(value: string): boolean {
  const pairs = new Map(
    value
      .split(";")
      .filter((part) => part.trim() !== "")
      .map((part) => {
        const at = part.indexOf("=");
        return [at > 0 ? part.slice(0, at).trim().toLowerCase() : "", at > 0 ? part.slice(at + 1).trim() : ""] as const;
      }),
  );
  if (pairs.has("") || pairs.size === 0) return false;
  if (pairs.get("usedevelopmentstorage")?.toLowerCase() === "true") return true;
  const endpoint = ["tableendpoint", "queueendpoint", "blobendpoint"].some((key) => URL.canParse(pairs.get(key) ?? ""));
  return (!!pairs.get("accountname") && !!pairs.get("accountkey")) || (endpoint && !!pairs.get("sharedaccesssignature"));
}

/** App settings as the Functions host and the CLI see them (environment variables). */
/** The same rule as the policy's scopes.managementGroups (policySchema.ts). */
const MANAGEMENT_GROUP_ID = /^[A-Za-z0-9_().-]{1,90}$/;

const wholeDays = (what: string) => positiveNumber(what).refine((n) => n === undefined || (Number.isInteger(n) && n <= 3650), "must be a whole number of days from 1 to 3650");

const settingsSchema = z.object({
  GUARD_SUBSCRIPTION_IDS: commaList.refine((ids) => ids.every((id) => GUID.test(id)), "every entry must be a subscription GUID"),
  GUARD_MANAGEMENT_GROUPS: commaList.refine((ids) => ids.every((id) => MANAGEMENT_GROUP_ID.test(id)), "every entry must be a management group id (1-90 letters, digits, -, _, . or parentheses)"),
  GUARD_SWEEP_SOURCE: blankAsAbsent(z.enum(["graph", "arm"], { error: "must be graph (Azure Resource Graph) or arm (ARM list calls)" })),
  GUARD_RETENTION_KEYS_DAYS: wholeDays("a whole number of days"),
  GUARD_RETENTION_EVENTS_DAYS: wholeDays("a whole number of days"),
  GUARD_RETENTION_ANOMALIES_DAYS: wholeDays("a whole number of days"),
  GUARD_RETENTION_POSTURE_DAYS: wholeDays("a whole number of days"),
  ARM_ENDPOINT: z.url({ protocol: /^https$/, error: "must be an https:// URL (the Azure SDK sends tokens over HTTPS only)" }).default(PUBLIC_ARM_ENDPOINT),
  ARM_CA_CERT_FILE: z.string().optional(),
  KEY_VAULT_DNS_SUFFIX: blankAsAbsent(z.string().regex(/^\.vault\.[a-z0-9-]+(\.[a-z0-9-]+)+$/, "must be the cloud's Key Vault DNS suffix, e.g. .vault.azure.net")),
  ARM_CREDENTIAL: z.enum(["default", "managed-identity"]).default("default"),
  AZURE_CLIENT_ID: blankAsAbsent(z.string().regex(GUID, "must be the managed identity's client id (a GUID)")),
  GUARD_POLICY_FILE: z.string().optional(),
  GUARD_POLICY: z.string().optional(),
  GUARD_DRY_RUN: flag,
  GUARD_ACTOR: z.string().min(1).default("encryption-guard"),
  // The ledger's and the work queue's storage account, named like the Functions host's
  // connections: a connection string, or `__accountName` (or the service URIs) with an identity.
  GUARD_STORAGE: z
    .string()
    .optional()
    .refine((value) => value === undefined || value.trim() === "" || isStorageConnectionString(value.trim()), STORAGE_CONNECTION_HELP),
  GUARD_STORAGE__accountName: blankAsAbsent(z.string().regex(/^[a-z0-9]{3,24}$/, "must be a storage account name (3-24 lower-case letters and digits)")),
  GUARD_STORAGE__queueServiceUri: httpsUrl,
  GUARD_STORAGE__tableServiceUri: httpsUrl,
  GUARD_TABLE_PREFIX: blankAsAbsent(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,39}$/, "must be a letter followed by up to 39 letters and digits (Table names allow nothing else)")),
  GUARD_SERVICE_APP_ID: blankAsAbsent(z.string().regex(GUID, "must be the service identity's application (client) id, a GUID")),
  GUARD_SERVICE_OBJECT_ID: blankAsAbsent(z.string().regex(GUID, "must be the service identity's object (principal) id, a GUID")),
  GUARD_MAX_DEQUEUE_COUNT: positiveNumber("a whole number").refine((n) => n === undefined || Number.isInteger(n), "must be a whole number"),
  GUARD_ARM_READS_PER_SECOND: positiveNumber("a number"),
  GUARD_ARM_WRITES_PER_SECOND: positiveNumber("a number"),
  ...findingsLogSchema.shape,
  GUARD_LEDGER_KEYS: ledgerKeys,
  WEBSITE_AUTH_ENABLED: platformFlag,
});

/** Where the ledger and the work queue live: a connection string, or endpoints reached with an identity. */
export type StorageSetting = { connectionString: string } | { tableUrl: string; queueUrl: string };

/** How long the ledger keeps what only matters for a while, in days (docs/operations.md has the defaults). */
export interface RetentionSettings {
  /** Idempotency keys of sweep and API work items. */
  keys?: number;
  /** Processed-event markers (the keys of Event Grid events): Event Grid redelivers for up to 24 hours. */
  events?: number;
  anomalies?: number;
  posture?: number;
}

export interface Settings {
  subscriptionIds: string[];
  /** Management groups whose subscriptions are guarded too (GUARD_MANAGEMENT_GROUPS). */
  managementGroups: string[];
  /** Where sweeps list resources, when the setting overrides the policy's sweep.source. */
  sweepSource?: "graph" | "arm";
  retention: RetentionSettings;
  armEndpoint: string;
  armCaCertFile?: string;
  /** The vaults' data-plane DNS suffix (KEY_VAULT_DNS_SUFFIX); absent: from ARM_ENDPOINT. */
  keyVaultDnsSuffix?: string;
  credential: CredentialKind;
  managedIdentityClientId?: string;
  policyFile?: string;
  /** The policy itself (YAML or JSON), from GUARD_POLICY; wins over policyFile. */
  policyText?: string;
  dryRun: boolean;
  actor: string;
  /** Absent: no durable ledger or queue (the offline CLI); the Functions app requires it. */
  storage?: StorageSetting;
  /** Prefix of the ledger's table names, so several deployments can share an account ("guard" when absent). */
  tablePrefix?: string;
  /** The identity the service writes to ARM as, to recognise its own writes' events. */
  serviceIdentity?: { appId?: string; objectId?: string };
  /** The host's queue maxDequeueCount; the worker poisons a message itself on that last try. */
  maxDequeueCount?: number;
  /** ARM token-bucket refill rates the sweep paces itself by (ARM's documented rates when absent). */
  armRates?: { reads?: number; writes?: number };
  /** The Logs Ingestion target findings are sent to; absent: they stay in the ledger only. */
  findingsLog?: FindingsLogSetting;
  /** The ledger's integrity keys (GUARD_LEDGER_KEYS): the first signs new rows, every one verifies. */
  ledgerKeys?: Buffer[];
  /**
   * App Service authentication runs in front of the app (WEBSITE_AUTH_ENABLED, which the platform
   * sets and no caller can): only then is the x-ms-client-principal header the platform's.
   */
  platformAuthentication: boolean;
}

export interface FindingsLogSetting {
  /** The data collection endpoint's logs ingestion URL. */
  endpoint: string;
  /** The data collection rule's immutable id (`dcr-…`). */
  ruleId: string;
  stream: string;
  /** PEM file of a CA to trust for the endpoint only (the local emulator's). */
  caCertFile?: string;
}

export class SettingsError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid settings:\n  ${problems.join("\n  ")}`);
    this.name = "SettingsError";
    this.problems = problems;
  }
}

function settingsError(error: z.ZodError): SettingsError {
  return new SettingsError(error.issues.map((i) => `${i.path.join(".") || "settings"}: ${i.message}`));
}

/** Reads and validates the settings; every problem is reported with the setting's name. */
export function parseSettings(env: Record<string, string | undefined> = process.env): Settings {
  const result = settingsSchema.safeParse(env);
  if (!result.success) throw settingsError(result.error);
  const s = result.data;
  const storage = storageSetting(s);
  if (typeof storage === "string") throw new SettingsError([storage]);
  const findingsLog = findingsLogOf(s);
  if (typeof findingsLog === "string") throw new SettingsError([findingsLog]);
  const serviceIdentity = { ...(s.GUARD_SERVICE_APP_ID ? { appId: s.GUARD_SERVICE_APP_ID } : {}), ...(s.GUARD_SERVICE_OBJECT_ID ? { objectId: s.GUARD_SERVICE_OBJECT_ID } : {}) };
  const armRates = { ...(s.GUARD_ARM_READS_PER_SECOND ? { reads: s.GUARD_ARM_READS_PER_SECOND } : {}), ...(s.GUARD_ARM_WRITES_PER_SECOND ? { writes: s.GUARD_ARM_WRITES_PER_SECOND } : {}) };
  const retention = {
    ...(s.GUARD_RETENTION_KEYS_DAYS ? { keys: s.GUARD_RETENTION_KEYS_DAYS } : {}),
    ...(s.GUARD_RETENTION_EVENTS_DAYS ? { events: s.GUARD_RETENTION_EVENTS_DAYS } : {}),
    ...(s.GUARD_RETENTION_ANOMALIES_DAYS ? { anomalies: s.GUARD_RETENTION_ANOMALIES_DAYS } : {}),
    ...(s.GUARD_RETENTION_POSTURE_DAYS ? { posture: s.GUARD_RETENTION_POSTURE_DAYS } : {}),
  };
  return {
    subscriptionIds: s.GUARD_SUBSCRIPTION_IDS,
    managementGroups: s.GUARD_MANAGEMENT_GROUPS,
    ...(s.GUARD_SWEEP_SOURCE ? { sweepSource: s.GUARD_SWEEP_SOURCE } : {}),
    retention,
    armEndpoint: s.ARM_ENDPOINT,
    ...(s.ARM_CA_CERT_FILE ? { armCaCertFile: s.ARM_CA_CERT_FILE } : {}),
    ...(s.KEY_VAULT_DNS_SUFFIX ? { keyVaultDnsSuffix: s.KEY_VAULT_DNS_SUFFIX } : {}),
    credential: s.ARM_CREDENTIAL,
    ...(s.AZURE_CLIENT_ID ? { managedIdentityClientId: s.AZURE_CLIENT_ID } : {}),
    ...(s.GUARD_POLICY_FILE ? { policyFile: s.GUARD_POLICY_FILE } : {}),
    ...(s.GUARD_POLICY ? { policyText: s.GUARD_POLICY } : {}),
    dryRun: s.GUARD_DRY_RUN,
    actor: s.GUARD_ACTOR,
    ...(storage ? { storage } : {}),
    ...(s.GUARD_TABLE_PREFIX ? { tablePrefix: s.GUARD_TABLE_PREFIX } : {}),
    ...(Object.keys(serviceIdentity).length > 0 ? { serviceIdentity } : {}),
    ...(s.GUARD_MAX_DEQUEUE_COUNT ? { maxDequeueCount: s.GUARD_MAX_DEQUEUE_COUNT } : {}),
    ...(Object.keys(armRates).length > 0 ? { armRates } : {}),
    ...(findingsLog ? { findingsLog } : {}),
    ...(s.GUARD_LEDGER_KEYS.length > 0 ? { ledgerKeys: s.GUARD_LEDGER_KEYS } : {}),
    platformAuthentication: s.WEBSITE_AUTH_ENABLED,
  };
}

/** The findings log target from GUARD_LOGS_*, undefined when none is set, or the problem. */
function findingsLogOf(s: z.output<typeof findingsLogSchema>): FindingsLogSetting | string | undefined {
  const endpoint = s.GUARD_LOGS_INGESTION_ENDPOINT;
  const ruleId = s.GUARD_LOGS_RULE_ID;
  if (!endpoint && !ruleId) return undefined;
  if (!endpoint || !ruleId) return "GUARD_LOGS_INGESTION_ENDPOINT and GUARD_LOGS_RULE_ID: set both (the data collection endpoint and the rule's immutable id), or neither";
  return { endpoint, ruleId, stream: s.GUARD_LOGS_STREAM ?? DEFAULT_FINDINGS_STREAM, ...(s.GUARD_LOGS_CA_CERT_FILE ? { caCertFile: s.GUARD_LOGS_CA_CERT_FILE } : {}) };
}

/**
 * Only the findings log settings, for a runtime given an environment rather than settings (the
 * local runtime, tests): the same rules as parseSettings.
 */
export function findingsLogFromEnv(env: Readonly<Record<string, string | undefined>>): FindingsLogSetting | undefined {
  const result = findingsLogSchema.safeParse(env);
  if (!result.success) throw settingsError(result.error);
  const findingsLog = findingsLogOf(result.data);
  if (typeof findingsLog === "string") throw new SettingsError([findingsLog]);
  return findingsLog;
}

/** The storage connection from GUARD_STORAGE*, undefined when none is set, or the problem. */
function storageSetting(s: z.output<typeof settingsSchema>): StorageSetting | string | undefined {
  if (s.GUARD_STORAGE?.trim()) return { connectionString: s.GUARD_STORAGE.trim() };
  const account = s.GUARD_STORAGE__accountName;
  const queueUrl = s.GUARD_STORAGE__queueServiceUri ?? (account ? `https://${account}.queue.core.windows.net` : undefined);
  const tableUrl = s.GUARD_STORAGE__tableServiceUri ?? (account ? `https://${account}.table.core.windows.net` : undefined);
  if (!queueUrl && !tableUrl) return undefined;
  if (!queueUrl || !tableUrl) return "GUARD_STORAGE__queueServiceUri and GUARD_STORAGE__tableServiceUri: set both, or GUARD_STORAGE__accountName";
  return { queueUrl, tableUrl };
}

/** The PEM a setting or option names; `label` says which, in the error. */
export async function readCaCertificate(file: string | undefined, label = "ARM_CA_CERT_FILE"): Promise<string | undefined> {
  if (!file) return undefined;
  let pem;
  try {
    pem = await readFile(file, "utf8");
  } catch (error) {
    throw new SettingsError([`${label}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]);
  }
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) throw new SettingsError([`${label}: ${file} is not a PEM certificate`]);
  return pem;
}
