import type { TokenCredential } from "@azure/core-auth";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { rawBodyPolicy } from "./rawBodies.ts";

/** Where ARM is and how to trust it: Azure by default, the local emulator in tests and the demo. */
export interface ArmConnection {
  /** ARM base URL, `https://management.azure.com` in Azure's public cloud. */
  endpoint: string;
  /** PEM of a CA to trust for this endpoint only (the emulator's self-signed certificate). */
  ca?: string;
  credential: TokenCredential;
  retry?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
  /** Extra per-retry policies (e.g. pacing from ARM's rate-limit headers). */
  policies?: PipelinePolicy[];
  /** How long one attempt may wait for an answer (DEFAULT_REQUEST_TIMEOUT_MS when absent). */
  timeoutMs?: number;
  /**
   * The DNS suffix of the vaults' data planes (KEY_VAULT_DNS_SUFFIX): a vault URI elsewhere is
   * never sent a token. Absent: `.vault.azure.net`, or the emulator's `.vault.localhost` when ARM is on the loopback.
   */
  keyVaultDnsSuffix?: string;
}

/**
 * ARM answers or gives up within a minute; an endpoint that accepts the connection and then
 * says nothing would otherwise hold a sweep (or a CLI run) forever.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;

/** An attempt that got no answer in time; it names the endpoint, so the person can tell which. */
export class RequestTimeoutError extends Error {
  readonly endpoint: string;
  readonly timeoutMs: number;
  constructor(endpoint: string, timeoutMs: number) {
    super(`no answer from ${endpoint} within ${timeoutMs / 1000} s`);
    this.name = "RequestTimeoutError";
    this.endpoint = endpoint;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Gives every attempt a timeout. The HTTP client aborts an attempt past it, and the retry
 * policy does not retry an abort: the wait is bounded by one timeout, not five.
 */
export function timeoutPolicy(endpoint: string, timeoutMs: number): PipelinePolicy {
  return {
    name: "encryptionGuardRequestTimeout",
    async sendRequest(request, next) {
      if (!request.timeout) request.timeout = timeoutMs;
      try {
        return await next(request);
      } catch (error) {
        if ((error as Error)?.name === "AbortError" && !request.abortSignal?.aborted) throw new RequestTimeoutError(endpoint, request.timeout);
        throw error;
      }
    },
  };
}

/** The retries (which wait a 429's Retry-After) and user agent every SDK client of the service has. */
export function retryAndUserAgent(conn: Pick<ArmConnection, "retry">) {
  return {
    retryOptions: {
      maxRetries: conn.retry?.maxRetries ?? 4,
      retryDelayInMs: conn.retry?.retryDelayInMs ?? 800,
      maxRetryDelayInMs: conn.retry?.maxRetryDelayInMs ?? 30_000,
    },
    userAgentOptions: { userAgentPrefix: "azure-encryption-guard" },
  };
}

export const PUBLIC_ARM_ENDPOINT = "https://management.azure.com";

/**
 * The one place every SDK client's options come from, so that endpoint, trust and retry
 * behave alike for the modular and the classic clients. Trust is per client (`tlsOptions.ca`),
 * never process-wide, so a CA given for the emulator cannot widen trust for anything else.
 */
export function armClientOptions(conn: ArmConnection) {
  const endpoint = conn.endpoint.replace(/\/+$/, "");
  const scope = `${PUBLIC_ARM_ENDPOINT}/.default`;
  return {
    endpoint,
    // Modular clients read `credentials.scopes`, classic ones `credentialScopes`.
    credentials: { scopes: [scope] },
    credentialScopes: [scope],
    ...(conn.ca ? { tlsOptions: { ca: conn.ca } } : {}),
    ...retryAndUserAgent(conn),
    additionalPolicies: [
      { policy: rawBodyPolicy, position: "perCall" as const },
      { policy: timeoutPolicy(endpoint, conn.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS), position: "perRetry" as const },
      ...(conn.policies ?? []).map((policy) => ({ policy, position: "perRetry" as const })),
    ],
  };
}
