import { HttpRequest } from "@azure/functions";

const OID = "http://schemas.microsoft.com/identity/claims/objectidentifier";

/**
 * The X-MS-CLIENT-PRINCIPAL header App Service authentication injects after validating a
 * Microsoft Entra token (base64 JSON of the token's claims, roles under `role_typ`), shaped
 * like the platform's.
 */
export function principalHeader(who: { name: string; oid: string; roles: readonly string[] }): string {
  const claims = [
    { typ: "aud", val: "api://encryption-guard" },
    { typ: OID, val: who.oid },
    { typ: "preferred_username", val: who.name },
    { typ: "name", val: who.name },
    ...who.roles.map((role) => ({ typ: "roles", val: role })),
  ];
  return Buffer.from(JSON.stringify({ auth_typ: "aad", claims, name_typ: "preferred_username", role_typ: "roles" })).toString("base64");
}

export const ALICE = { name: "alice@contoso.com", oid: "a11ce000-0000-4000-8000-000000000001" };

/** An API request as the Functions host hands it over, optionally with the platform's principal header. */
export function apiRequest(method: string, route: string, options: { body?: unknown; params?: Record<string, string>; headers?: Record<string, string> } = {}): HttpRequest {
  const { body, params = {}, headers = {} } = options;
  return new HttpRequest({
    method,
    url: `https://guard.example/api/${route}`,
    params,
    headers,
    ...(body === undefined ? {} : { body: { string: typeof body === "string" ? body : JSON.stringify(body) } }),
  });
}

/** Headers of a request that App Service authentication let through for this person with these app roles. */
export function signedIn(roles: readonly string[], who = ALICE): Record<string, string> {
  return { "x-ms-client-principal": principalHeader({ ...who, roles }), "x-ms-client-principal-name": who.name };
}
