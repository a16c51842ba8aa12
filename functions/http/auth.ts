import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { z } from "zod";
import { problem } from "./problem.ts";

/** The app roles of the API's Entra app registration (docs/security.md, docs/api.md). */
export const ROLES = ["Reader", "Remediator", "Approver"] as const;
export type Role = (typeof ROLES)[number];

/** Who called, as the platform vouches for it. */
export interface Caller {
  /** Recorded as the actor of what the caller asks for. */
  actor: string;
  roles: ReadonlySet<Role>;
}

/**
 * Without App Service authentication in front (a local run), a function key is all a caller
 * shows: it may read and plan, never fix, roll back or clear an exception.
 */
const KEY_HOLDER: Caller = { actor: "api:function-key", roles: new Set<Role>(["Reader"]) };

/** What the platform puts in X-MS-CLIENT-PRINCIPAL: base64 JSON of the validated token's claims. */
const principalSchema = z.object({
  auth_typ: z.string().max(100),
  claims: z.array(z.object({ typ: z.string().max(500), val: z.string().max(4000) })).max(500),
  name_typ: z.string().max(500).optional(),
  role_typ: z.string().max(500).optional(),
});

const OBJECT_ID = ["http://schemas.microsoft.com/identity/claims/objectidentifier", "oid"];
const APP_ID = ["appid", "azp"];
const NAME = ["preferred_username", "upn", "name", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"];
const ROLE = ["roles", "http://schemas.microsoft.com/ws/2008/06/identity/claims/role"];
const MAX_PRINCIPAL_HEADER = 16_384;

/** Outside text kept to one bounded line, since it lands in the ledger, logs and tickets. */
const plain = (value: string) => value.replace(/[\p{Cc}\p{Cf}]/gu, "").slice(0, 200);

type Authentication = { caller: Caller } | { response: HttpResponseInit };

function unauthenticated(detail: string): { response: HttpResponseInit } {
  return { response: problem(401, "Not authenticated", detail) };
}

/**
 * Who called. The X-MS-CLIENT-PRINCIPAL header is believed only when the platform says App
 * Service authentication runs in front of the app (`platformAuthentication`, from the
 * WEBSITE_AUTH_ENABLED setting the platform injects): then the platform has validated the token
 * and strips any such header a caller sent. Otherwise the header is ignored, whatever it says,
 * and the caller is only a function-key holder.
 */
export function authenticate(request: Pick<HttpRequest, "headers">, platformAuthentication: boolean): Authentication {
  if (!platformAuthentication) return { caller: KEY_HOLDER };
  const header = request.headers.get("x-ms-client-principal");
  if (!header) return unauthenticated("App Service authentication is on, but the request carries no validated principal.");
  if (header.length > MAX_PRINCIPAL_HEADER) return unauthenticated("The principal header is too large.");
  let parsed;
  try {
    parsed = principalSchema.safeParse(JSON.parse(Buffer.from(header, "base64").toString("utf8")));
  } catch {
    return unauthenticated("The principal header is not base64 JSON.");
  }
  if (!parsed.success) return unauthenticated("The principal header does not have the platform's shape.");
  const { claims, name_typ: nameType, role_typ: roleType } = parsed.data;
  const claim = (types: readonly string[]) => claims.find((c) => types.includes(c.typ))?.val;
  const roleTypes = roleType ? [roleType, ...ROLE] : ROLE;
  const roles = new Set(claims.filter((c) => roleTypes.includes(c.typ)).flatMap((c) => ROLES.filter((role) => role === c.val)));
  const objectId = claim(OBJECT_ID);
  const name = claim(nameType ? [nameType, ...NAME] : NAME);
  const appId = claim(APP_ID);
  const who = name ? `user:${plain(name)}` : appId ? `app:${plain(appId)}` : undefined;
  if (!who && !objectId) return unauthenticated("The principal names no user, application or object id.");
  return { caller: { actor: `${who ?? "principal"}${objectId ? ` (oid ${plain(objectId)})` : ""}`, roles } };
}

/** Undefined when the caller holds the role; a 403 problem naming it otherwise. */
export function requireRole(caller: Caller, role: Role, what: string): HttpResponseInit | undefined {
  if (caller.roles.has(role)) return undefined;
  const how =
    caller === KEY_HOLDER
      ? "A function key alone never allows it: call through App Service authentication (Microsoft Entra ID) with an account that holds the role."
      : `Assign the ${role} app role of the API's app registration to ${caller.actor}.`;
  return problem(403, "Forbidden", `${what} needs the ${role} role. ${how}`, [{ field: "(caller)", message: `needs the ${role} role` }]);
}

/** Reading and planning: any of the API's roles. */
export function requireReader(caller: Caller): HttpResponseInit | undefined {
  return ROLES.some((role) => caller.roles.has(role)) ? undefined : requireRole(caller, "Reader", "This route");
}

/**
 * The dry-run flag a scan runs with for this caller: fixing needs the Remediator role, so anyone
 * else's scan only plans (and asking for `dryRun: false` without it is refused). GUARD_DRY_RUN
 * still wins over whatever is returned here.
 */
export function scanDryRun(caller: Caller, asked: boolean | undefined): { dryRun: boolean | undefined } | { response: HttpResponseInit } {
  if (caller.roles.has("Remediator")) return { dryRun: asked };
  if (asked === false) return { response: requireRole(caller, "Remediator", "A scan that fixes (dryRun: false)")! };
  return { dryRun: true };
}
