import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestLogEntry } from "../server/pipeline.ts";
import { ArmError } from "../server/errors.ts";
import { decodeSegments, readBody, sendJson, splitUrl } from "../server/http.ts";
import type { ResourceStore } from "../store/store.ts";
import type { Throttle } from "../reliability/throttle.ts";
import type { ArmDocument } from "../../shared/core/index.ts";
import { routeCertificates, type StoredCertificate } from "./certificates.ts";
import { routeKeys } from "./keys.ts";
import { challenge, checkApiVersion, requestHeaders, throttled, vaultNameOf, vaultUriFor, type DataPlaneAnswer, type DataPlaneRequest } from "./http.ts";
import { VaultObjects } from "./store.ts";

/**
 * The Key Vault data plane, served on the emulator's HTTPS listener for hosts
 * `<vault>.vault.localhost:<port>` (the vault is the ARM vault of that name). One file per
 * object kind answers its paths; this file does what every kind shares, in the service's
 * order: the vault, the challenge, the api-version, the vault's transaction limit, the route.
 */

/** The object kinds the emulated vaults hold, each in its own collection. */
export interface DataPlaneKinds extends Record<string, unknown> {
  certificates: StoredCertificate;
}

export type KeyVaultObjects = VaultObjects<DataPlaneKinds>;

export interface KeyVaultDeps {
  /** ARM's store: a vault exists on the data plane when ARM has it. */
  arm: ResourceStore;
  objects: KeyVaultObjects;
  /** Per vault (scope: the vault's name), every transaction of the `reads` kind. */
  throttle: Throttle;
  log: RequestLogEntry[];
  /** The emulator's origin, for the vault URIs in ids and nextLinks. */
  origin(): string;
  pageSize: number;
}

type Route = (deps: KeyVaultDeps, request: DataPlaneRequest, body: unknown) => DataPlaneAnswer | undefined;

/** One route per object kind. */
const ROUTES: Route[] = [(deps, request) => routeCertificates(deps.objects.of(request.vaultName, "certificates"), request), (deps, request, body) => routeKeys(deps.arm, request, body)];

/** A JSON request body, or undefined (a route that needs one says so). */
function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ArmError(400, "BadParameter", "The request body is not JSON.");
  }
}

export function isKeyVaultRequest(req: IncomingMessage): boolean {
  return vaultNameOf(req) !== undefined;
}

export function findVault(arm: ResourceStore, vaultName: string): ArmDocument | undefined {
  return arm.list((doc) => doc.type.toLowerCase() === "microsoft.keyvault/vaults" && doc.name?.toLowerCase() === vaultName)[0];
}

export async function handleKeyVaultRequest(deps: KeyVaultDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const time = Date.now();
  const method = (req.method ?? "GET").toUpperCase();
  const { path, query } = splitUrl(req.url ?? "/");
  const vaultName = vaultNameOf(req)!;
  const apiVersion = query.get("api-version") ?? undefined;
  const entry: RequestLogEntry = { time, durationMs: 0, method, path, host: `${vaultName}.vault.localhost`, ...(apiVersion ? { apiVersion } : {}), status: 0 };
  deps.log.push(entry);
  const answer = (status: number, body: unknown, extra: Record<string, string> = {}) => {
    entry.status = status;
    entry.durationMs = Date.now() - time;
    if (!res.destroyed && !res.headersSent) sendJson(res, status, body, { ...requestHeaders(), ...extra });
  };
  try {
    const text = await readBody(req);
    const vault = findVault(deps.arm, vaultName);
    if (!vault) throw new ArmError(404, "VaultNotFound", `The vault '${vaultName}' does not exist.`);
    if (!/^Bearer\s+\S+/i.test(String(req.headers.authorization ?? ""))) throw challenge(vault);
    checkApiVersion(apiVersion);
    const decision = deps.throttle.take(vaultName, "reads");
    if (!decision.allowed) {
      entry.throttled = true;
      throw throttled(vaultName, decision.retryAfterSeconds);
    }
    const maxresults = Number(query.get("maxresults"));
    const request: DataPlaneRequest = {
      method,
      segments: decodeSegments(path),
      query,
      vaultName,
      vaultUri: vaultUriFor(vaultName, deps.origin()),
      pageSize: Number.isInteger(maxresults) && maxresults >= 1 && maxresults <= 25 ? maxresults : Math.min(deps.pageSize, 25),
    };
    for (const route of ROUTES) {
      const result = route(deps, request, parseBody(text));
      if (result) return answer(result.status, result.body);
    }
    throw new ArmError(404, "NotFound", `The path '${path}' is not a Key Vault data-plane path the emulator serves.`);
  } catch (error) {
    if (error instanceof ArmError) answer(error.status, error.body, error.headers);
    else answer(500, { error: { code: "InternalError", message: `The emulator failed: ${(error as Error).message}` } });
  }
}

export { KEY_VAULT_THROTTLE, VAULT_CHALLENGE_RESOURCE, VAULT_DNS_SUFFIX, vaultUriFor } from "./http.ts";
export { seedCertificate, type CertificateSeed, type StoredCertificate, type WireCertificatePolicy } from "./certificates.ts";
export type { WireAttributes } from "./store.ts";
export { VaultObjects };
