import { ArmError } from "../server/errors.ts";
import type { ResourceStore } from "../store/store.ts";
import type { ArmDocument } from "../../shared/core/index.ts";
import type { DataPlaneAnswer, DataPlaneRequest } from "./http.ts";

/**
 * A key's rotation policy on the data plane (`GET`/`PUT /keys/{name}/rotationpolicy`, Key Vault
 * 7.3+): `lifetimeActions[]` of `{trigger: {timeAfterCreate | timeBeforeExpiry}, action: {type:
 * Rotate | Notify}}` and `attributes.expiryTime`, ISO 8601 durations. The policy is kept on the ARM
 * key document, where ARM's key GET shows it too. No other key route is served: the service never
 * reads key material.
 */

const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;
const isBag = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

function badParameter(message: string): ArmError {
  return new ArmError(400, "BadParameter", message);
}

/** The policy a PUT body gives, checked as the service checks it; throws BadParameter otherwise. */
function policyFrom(body: unknown): Record<string, unknown> {
  if (!isBag(body)) throw badParameter("The request body must be a rotation policy object.");
  const actions = body.lifetimeActions ?? [];
  if (!Array.isArray(actions) || actions.length > 10) throw badParameter("lifetimeActions must be an array of at most 10 actions.");
  const lifetimeActions = actions.map((item) => {
    const type = isBag(item) && isBag(item.action) ? item.action.type : undefined;
    if (type !== "Rotate" && type !== "Notify" && type !== "rotate" && type !== "notify") throw badParameter("Each lifetime action's type must be Rotate or Notify.");
    const trigger = isBag(item) && isBag(item.trigger) ? item.trigger : {};
    const given = (["timeAfterCreate", "timeBeforeExpiry"] as const).filter((name) => trigger[name] !== undefined);
    if (given.length !== 1 || !DURATION.test(String(trigger[given[0]!]))) throw badParameter("Each lifetime action needs exactly one trigger, an ISO 8601 duration.");
    return { trigger: { [given[0]!]: trigger[given[0]!] }, action: { type } };
  });
  const expiryTime = isBag(body.attributes) ? body.attributes.expiryTime : undefined;
  if (expiryTime !== undefined && !DURATION.test(String(expiryTime))) throw badParameter("attributes.expiryTime must be an ISO 8601 duration.");
  return { lifetimeActions, ...(expiryTime !== undefined ? { attributes: { expiryTime } } : {}) };
}

function keyOf(arm: ResourceStore, vaultName: string, keyName: string): ArmDocument {
  const key = arm.list((doc) => doc.type.toLowerCase() === "microsoft.keyvault/vaults/keys" && doc.id.toLowerCase().endsWith(`/vaults/${vaultName}/keys/${keyName.toLowerCase()}`))[0];
  if (!key) throw new ArmError(404, "KeyNotFound", `A key with (name/id) ${keyName} was not found in this key vault.`);
  return key;
}

function answerOf(key: ArmDocument, request: DataPlaneRequest, name: string): DataPlaneAnswer {
  const policy = isBag(key.properties?.rotationPolicy) ? key.properties.rotationPolicy : {};
  return { status: 200, body: { id: `${request.vaultUri}keys/${name}/rotationpolicy`, lifetimeActions: policy.lifetimeActions ?? [], attributes: isBag(policy.attributes) ? policy.attributes : {} } };
}

export function routeKeys(arm: ResourceStore, request: DataPlaneRequest, body: unknown): DataPlaneAnswer | undefined {
  const [collection, name, leaf] = request.segments;
  if (collection?.toLowerCase() !== "keys" || !name || leaf?.toLowerCase() !== "rotationpolicy" || request.segments.length !== 3) return undefined;
  const key = keyOf(arm, request.vaultName, name);
  if (request.method === "GET") return answerOf(key, request, name);
  if (request.method !== "PUT") throw new ArmError(405, "MethodNotAllowed", `${request.method} is not allowed on a rotation policy.`);
  const seconds = Math.floor(Date.now() / 1000);
  const policy = policyFrom(body);
  const attributes = { ...(isBag(policy.attributes) ? policy.attributes : {}), created: seconds, updated: seconds };
  const updated = arm.merge(key.id, { properties: { rotationPolicy: { ...policy, attributes } } });
  return answerOf(updated, request, name);
}
