import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { ArmDocument } from "../../shared/core/index.ts";
import { ArmError } from "../server/errors.ts";

/** The DNS suffix emulated vaults answer on: `https://<vault>.vault.localhost:<port>/` (RFC 6761 keeps `.localhost` on the loopback). */
export const VAULT_DNS_SUFFIX = "vault.localhost";

/** The resource a Key Vault challenge names; the SDK checks the vault's host ends with `.` + its host. */
export const VAULT_CHALLENGE_RESOURCE = `https://${VAULT_DNS_SUFFIX}`;

/** Key Vault's per-vault limit: 4,000 transactions in 10 seconds (service limits, "all transactions"). */
export const KEY_VAULT_THROTTLE = { burst: 4_000, perSecond: 400 } as const;

/** The api-versions the emulator answers: the data plane's `7.x` and the dated ones newer SDKs send. */
const API_VERSION = /^(7\.\d+(-preview)?|\d{4}-\d{2}-\d{2}(-preview)?)$/;

const VAULT_HOST = new RegExp(`^([a-z0-9-]{3,24})\\.${VAULT_DNS_SUFFIX.replace(".", "\\.")}$`, "i");

// Key Vault's error body has ARM's shape, `{"error":{"code","message"}}`: ArmError answers both.

/** The vault a request is for, from its Host header (`<vault>.vault.localhost[:port]`), or undefined. */
export function vaultNameOf(req: IncomingMessage): string | undefined {
  const host = req.headers.host ?? "";
  const hostname = host.startsWith("[") ? host : host.replace(/:\d+$/, "");
  return VAULT_HOST.exec(hostname)?.[1]?.toLowerCase();
}

/** `https://<vault>.vault.localhost:<port>/`, from the emulator's origin. */
export function vaultUriFor(vaultName: string, origin: string): string {
  const port = origin ? new URL(origin).port : "";
  return `https://${vaultName.toLowerCase()}.${VAULT_DNS_SUFFIX}${port ? `:${port}` : ""}/`;
}

/**
 * Key Vault's challenge: a request without a bearer token is answered 401 with where to get
 * one (the vault's tenant) and for which resource; the SDK then asks for that token and retries.
 */
export function challenge(vault: ArmDocument): ArmError {
  const properties = (vault.properties ?? {}) as Record<string, unknown>;
  const tenant = typeof properties.tenantId === "string" ? properties.tenantId : "common";
  return new ArmError(401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.", {
    "www-authenticate": `Bearer authorization="https://login.microsoftonline.com/${tenant}", resource="${VAULT_CHALLENGE_RESOURCE}"`,
  });
}

export function checkApiVersion(apiVersion: string | undefined): void {
  if (apiVersion === undefined) throw new ArmError(400, "BadParameter", "The 'api-version' query parameter is required.");
  if (!API_VERSION.test(apiVersion)) throw new ArmError(400, "BadParameter", `The specified version (${apiVersion}) is not recognized. Consider using a supported api-version.`);
}

export function throttled(vaultName: string, retryAfterSeconds: number): ArmError {
  return new ArmError(429, "Throttled", `Request was not processed because too many requests were received. Reason: A single vault (${vaultName}) exceeded its transaction limit.`, {
    "retry-after": String(retryAfterSeconds),
  });
}

export function requestHeaders(): Record<string, string> {
  return { "x-ms-request-id": randomUUID(), "x-ms-keyvault-service-version": "1.9.0.0", "x-ms-keyvault-region": "westeurope" };
}

/** A data-plane request as an object kind's routes see it. */
export interface DataPlaneRequest {
  method: string;
  /** Percent-decoded path segments after the host, e.g. `["certificates", "web", "policy"]`. */
  segments: string[];
  query: URLSearchParams;
  vaultName: string;
  /** `https://<vault>.vault.localhost:<port>/`: object ids are made from it. */
  vaultUri: string;
  /** Items per page of a list (the request's `maxresults`, else the emulator's page size). */
  pageSize: number;
}

export interface DataPlaneAnswer {
  status: number;
  body: unknown;
}

/** One page of a list, with the absolute nextLink Key Vault sends (the SDK follows it as given). */
export function page<T>(request: DataPlaneRequest, path: string, items: T[]): { value: T[]; nextLink: string | null } {
  const skip = Number(request.query.get("$skiptoken") ?? "0");
  const start = Number.isInteger(skip) && skip >= 0 ? skip : 0;
  const value = items.slice(start, start + request.pageSize);
  if (start + request.pageSize >= items.length) return { value, nextLink: null };
  const query = new URLSearchParams({ "api-version": request.query.get("api-version") ?? "", $skiptoken: String(start + request.pageSize), maxresults: String(request.pageSize) });
  return { value, nextLink: `${request.vaultUri}${path}?${query.toString()}` };
}

/** A new object version id, as Key Vault makes them: 32 hex digits. */
export function newVersion(): string {
  return randomUUID().replaceAll("-", "");
}
