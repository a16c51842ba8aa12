import https from "node:https";
import type { LookupAddress } from "node:dns";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { DEFAULT_REQUEST_TIMEOUT_MS, retryAndUserAgent, timeoutPolicy, type ArmConnection } from "./clientOptions.ts";
import { systemClock, type Clock } from "./clock.ts";
import { retryAfterOf } from "./pacing.ts";

/**
 * The Key Vault data plane: vault URIs checked before any token leaves, the SDK clients' options
 * (the SDK's own challenge authentication, trust per client, retries that honour Retry-After, a
 * `.localhost` resolver), and a pacer per vault, apart from ARM's.
 */

/** The vault DNS suffix of Azure's public cloud. */
export const PUBLIC_VAULT_DNS_SUFFIX = ".vault.azure.net";

/**
 * Key Vault's documented limit for a vault: 4,000 transactions in 10 seconds ("all
 * transactions"; the subscription-wide limit is five times that). The vault's applications
 * share it with us, so the service takes a small part of it.
 */
export const KEY_VAULT_LIMIT = { transactions: 4_000, windowSeconds: 10 } as const;

/** The part of a vault's limit a sweep takes by default (10 %: 40 requests a second). */
export const KEY_VAULT_DEFAULT_SHARE = 0.1;

/** The emulator's vaults: `https://<vault>.vault.localhost:<port>/`. */
export const EMULATOR_VAULT_DNS_SUFFIX = ".vault.localhost";

/** The suffix vault URIs must have when none is configured: the emulator's when ARM is on the loopback, else the public cloud's. */
export function defaultVaultDnsSuffix(armEndpoint: string): string {
  let host: string;
  try {
    host = new URL(armEndpoint).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return PUBLIC_VAULT_DNS_SUFFIX;
  }
  return isLocalhostName(host) || host === "127.0.0.1" || host === "::1" ? EMULATOR_VAULT_DNS_SUFFIX : PUBLIC_VAULT_DNS_SUFFIX;
}

const VAULT_NAME = /^[a-z0-9-]{3,24}$/i;

/** A vault URI the service will send a token to, or a reason it will not. */
export type VaultUrl = { ok: true; url: string; vaultName: string } | { ok: false; reason: string };

/**
 * Reads a vault's `properties.vaultUri` as ARM reported it. Only `https://<name><suffix>[:port]/`
 * passes, with no path, query, user or fragment: the SDK sends a bearer token to whatever host
 * this names, so a document cannot point the service anywhere else.
 */
export function vaultUrlOf(vaultUri: unknown, dnsSuffix: string = PUBLIC_VAULT_DNS_SUFFIX): VaultUrl {
  if (typeof vaultUri !== "string" || vaultUri.length > 300) return { ok: false, reason: "properties.vaultUri is absent or not a string" };
  let url: URL;
  try {
    url = new URL(vaultUri);
  } catch {
    return { ok: false, reason: "properties.vaultUri is not a URL" };
  }
  const host = url.hostname.toLowerCase();
  const suffix = dnsSuffix.toLowerCase();
  const name = host.endsWith(suffix) ? host.slice(0, -suffix.length) : "";
  if (url.protocol !== "https:" || url.username || url.password || url.search || url.hash || (url.pathname !== "/" && url.pathname !== "") || !VAULT_NAME.test(name)) {
    return { ok: false, reason: `properties.vaultUri is not https://<vault>${dnsSuffix}/` };
  }
  return { ok: true, url: `https://${host}${url.port ? `:${url.port}` : ""}/`, vaultName: name };
}

/** RFC 6761: `localhost` and every name under it is the loopback. Node's resolver does not say so. */
export function isLocalhostName(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return host === "localhost" || host.endsWith(".localhost");
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

function loopbackLookup(_hostname: string, options: unknown, callback: LookupCallback): void {
  const opts = typeof options === "object" && options !== null ? (options as { family?: number | string; all?: boolean }) : { family: options as number };
  const v6 = opts.family === 6 || opts.family === "IPv6";
  const address = v6 ? "::1" : "127.0.0.1";
  if (opts.all) callback(null, [{ address, family: v6 ? 6 : 4 }]);
  else callback(null, address, v6 ? 6 : 4);
}

/**
 * Sends `*.localhost` hosts (the emulator's `<vault>.vault.localhost`) to the loopback with a
 * per-request agent of this client's own, with this client's CA. Any other host goes the usual way.
 */
export function localhostResolverPolicy(ca: string | undefined): PipelinePolicy {
  let agent: https.Agent | undefined;
  return {
    name: "encryptionGuardLocalhostResolver",
    async sendRequest(request, next) {
      if (isLocalhostName(new URL(request.url).hostname)) {
        agent ??= new https.Agent({ keepAlive: true, lookup: loopbackLookup as never, ...(ca ? { ca } : {}) });
        request.agent = agent;
      }
      return next(request);
    },
  };
}

/**
 * Every request of a vault's client goes to that vault: once the challenge is answered the SDK
 * puts its token on whatever URL it is given, a nextLink included, so one that leaves the vault's
 * host is refused before it is sent.
 */
export function sameVaultPolicy(vaultUrl: string): PipelinePolicy {
  const host = new URL(vaultUrl).host.toLowerCase();
  return {
    name: "encryptionGuardSameVault",
    async sendRequest(request, next) {
      const url = new URL(request.url);
      if (url.protocol !== "https:" || url.host.toLowerCase() !== host) throw new Error(`a request to ${url.host} from the client of ${host} was refused: it would carry the vault's token elsewhere`);
      return next(request);
    },
  };
}

export interface KeyVaultPacerOptions {
  /** Requests a second to one vault (default: 10 % of 4,000 in 10 s). */
  perSecond?: number;
  clock?: Clock;
}

export interface KeyVaultPacerStats {
  waits: number;
  waitedMs: number;
  /** 429 answers seen (each holds its vault for its Retry-After). */
  throttled: number;
}

/**
 * One token bucket per vault (by host), a second's worth deep, and a hold for as long as a 429's
 * Retry-After says. Requests to one vault take turns, so a refill does not wake them all at once.
 */
export class KeyVaultPacer {
  readonly stats: KeyVaultPacerStats = { waits: 0, waitedMs: 0, throttled: 0 };
  readonly #perSecond: number;
  readonly #clock: Clock;
  readonly #vaults = new Map<string, { tokens: number; at: number; holdUntil: number; turn: Promise<void> }>();

  constructor(options: KeyVaultPacerOptions = {}) {
    this.#perSecond = options.perSecond ?? (KEY_VAULT_LIMIT.transactions / KEY_VAULT_LIMIT.windowSeconds) * KEY_VAULT_DEFAULT_SHARE;
    if (!(this.#perSecond > 0)) throw new Error(`Key Vault pacing must allow more than 0 requests a second, got ${this.#perSecond}`);
    this.#clock = options.clock ?? systemClock;
  }

  #vault(host: string) {
    const key = host.toLowerCase();
    let vault = this.#vaults.get(key);
    if (!vault) {
      vault = { tokens: Math.max(1, this.#perSecond), at: this.#clock.now(), holdUntil: 0, turn: Promise.resolve() };
      this.#vaults.set(key, vault);
    }
    return vault;
  }

  /** Resolves when a request to this vault may go. */
  acquire(host: string): Promise<void> {
    const vault = this.#vault(host);
    const mine = vault.turn.then(async () => {
      const started = this.#clock.now();
      let waited = false;
      for (let i = 0; i < 1_000; i += 1) {
        const now = this.#clock.now();
        if (now < vault.holdUntil) {
          waited = true;
          await this.#clock.sleep(vault.holdUntil - now);
          continue;
        }
        vault.tokens = Math.min(Math.max(1, this.#perSecond), vault.tokens + ((now - vault.at) / 1000) * this.#perSecond);
        vault.at = now;
        if (vault.tokens >= 1) break;
        waited = true;
        await this.#clock.sleep(Math.ceil(((1 - vault.tokens) / this.#perSecond) * 1000));
      }
      vault.tokens -= 1;
      if (waited) {
        this.stats.waits += 1;
        this.stats.waitedMs += this.#clock.now() - started;
      }
    });
    vault.turn = mine.catch(() => undefined);
    return mine;
  }

  /** A 429: nothing more goes to this vault until its Retry-After has passed. */
  throttled(host: string, retryAfterSeconds: number): void {
    const vault = this.#vault(host);
    this.stats.throttled += 1;
    vault.tokens = 0;
    vault.holdUntil = Math.max(vault.holdUntil, this.#clock.now() + retryAfterSeconds * 1000);
  }
}

/** The longest a 429 may hold a vault, whatever its Retry-After says. */
const MAX_HOLD_SECONDS = 300;

/** A per-retry policy: every attempt to a vault waits for its turn; a 429 holds that vault. */
export function keyVaultPacingPolicy(pacer: KeyVaultPacer): PipelinePolicy {
  return {
    name: "encryptionGuardKeyVaultPacing",
    async sendRequest(request, next) {
      const host = new URL(request.url).host;
      await pacer.acquire(host);
      const response = await next(request);
      if (response.status === 429) pacer.throttled(host, Math.min(retryAfterOf(response), MAX_HOLD_SECONDS));
      return response;
    },
  };
}

/** How the service reaches vaults' data planes: ARM's credential, trust, retry and timeout, with a pacer of its own. */
export interface KeyVaultConnection extends Pick<ArmConnection, "credential" | "ca" | "retry" | "timeoutMs"> {
  /** The DNS suffix vault URIs must have: `.vault.azure.net` (default) or the emulator's `.vault.localhost`. */
  dnsSuffix?: string;
  pacer?: KeyVaultPacer | false;
}

/**
 * The one place Key Vault data-plane clients' options come from. Authentication is the SDK's own
 * challenge policy (the vault names its tenant and resource; the SDK checks the resource matches
 * the vault's host), so no scope is set here. Retries are the SDK's, which wait a 429's Retry-After.
 */
export function keyVaultClientOptions(conn: KeyVaultConnection, endpoint: string) {
  return {
    ...(conn.ca ? { tlsOptions: { ca: conn.ca } } : {}),
    ...retryAndUserAgent(conn),
    additionalPolicies: [
      { policy: sameVaultPolicy(endpoint), position: "perCall" as const },
      { policy: timeoutPolicy(endpoint, conn.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS), position: "perRetry" as const },
      { policy: localhostResolverPolicy(conn.ca), position: "perRetry" as const },
      ...(conn.pacer ? [{ policy: keyVaultPacingPolicy(conn.pacer), position: "perRetry" as const }] : []),
    ],
  };
}
