import type { IncomingHttpHeaders } from "node:http";
import type { CallerIdentity } from "../constants.ts";

const OID_CLAIM = "http://schemas.microsoft.com/identity/claims/objectidentifier";

/**
 * Who made an SDK request, as Event Grid will report it: the `x-emulator-appid` /
 * `x-emulator-oid` headers first, then the bearer token's claims when it is a JWT
 * (`appid` or `azp`, `oid`), else the configured default caller.
 */
export function callerOf(headers: IncomingHttpHeaders, fallback: CallerIdentity): CallerIdentity {
  const fromToken = jwtClaims(headers.authorization);
  const appid = header(headers, "x-emulator-appid") ?? stringClaim(fromToken, "appid") ?? stringClaim(fromToken, "azp") ?? fallback.appid;
  const oid = header(headers, "x-emulator-oid") ?? stringClaim(fromToken, "oid") ?? stringClaim(fromToken, OID_CLAIM) ?? fallback.oid;
  return { appid, oid };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first && first.trim() !== "" ? first.trim() : undefined;
}

function stringClaim(claims: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = claims?.[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

function jwtClaims(authorization: string | undefined): Record<string, unknown> | undefined {
  const token = authorization?.replace(/^Bearer\s+/i, "");
  const payload = token?.split(".")[1];
  if (!token || token.split(".").length !== 3 || !payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return typeof claims === "object" && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
