import { DEMO_TENANT_ID } from "../constants.ts";
import { ArmError, resourceGroupNotFound } from "../server/errors.ts";
import { queryParam } from "../server/http.ts";
import { isPlainObject } from "../store/merge.ts";
import type { ResourceGroup } from "../store/store.ts";
import type { ArmAnswer, ArmCall, ArmState } from "./context.ts";
import { pageOf } from "./paging.ts";
import type { ArmDocument } from "../../shared/core/index.ts";

/** `GET /subscriptions` and `GET /subscriptions/{id}`: what clients read when they sign in. */
export function subscriptionRoutes(state: ArmState, call: ArmCall, subscriptionId?: string): ArmAnswer {
  if (call.request.method !== "GET") throw new ArmError(405, "MethodNotAllowed", `The method '${call.request.method}' is not supported here.`);
  if (subscriptionId === undefined) {
    const value = state.store.subscriptions.map(subscriptionDocument);
    return { status: 200, body: { value, count: { type: "Total", value: value.length } } };
  }
  return { status: 200, body: subscriptionDocument(state.store.subscriptionId(subscriptionId)!) };
}

function subscriptionDocument(subscriptionId: string) {
  return {
    id: `/subscriptions/${subscriptionId}`,
    authorizationSource: "RoleBased",
    managedByTenants: [],
    subscriptionId,
    tenantId: DEMO_TENANT_ID,
    displayName: `Encryption Guard emulator (${subscriptionId.slice(0, 8)})`,
    state: "Enabled",
    subscriptionPolicies: { locationPlacementId: "Public_2014-09-01", quotaId: "PayAsYouGo_2014-09-01", spendingLimit: "Off" },
  };
}

function groupDocument(group: ResourceGroup) {
  return {
    id: group.id,
    name: group.name,
    type: "Microsoft.Resources/resourceGroups",
    location: group.location,
    ...(group.tags ? { tags: group.tags } : {}),
    properties: { provisioningState: "Succeeded" },
  };
}

/** `/subscriptions/{s}/resourcegroups[/{rg}]`: list, get, create or update, delete, check existence. */
export function resourceGroupRoutes(state: ArmState, call: ArmCall, subscriptionId: string, name?: string): ArmAnswer {
  const { method } = call.request;
  if (name === undefined) {
    if (method !== "GET") throw new ArmError(405, "MethodNotAllowed", `The method '${method}' is not supported on resource group lists.`);
    const groups = new Map(state.store.resourceGroups(subscriptionId).map((g) => [g.id.toLowerCase(), g]));
    return { status: 200, body: pageOf(state, call, [...groups.keys()].sort(), (key) => groupDocument(groups.get(key)!)) };
  }
  const existing = state.store.resourceGroup(subscriptionId, name);
  switch (method) {
    case "GET":
      if (!existing) throw resourceGroupNotFound(name);
      return { status: 200, body: groupDocument(existing) };
    case "HEAD":
      return { status: existing ? 204 : 404 };
    case "PUT":
    case "PATCH": {
      const body = isPlainObject(call.request.body) ? call.request.body : {};
      if (method === "PATCH" && !existing) throw resourceGroupNotFound(name);
      const location = typeof body.location === "string" ? body.location : existing?.location;
      if (!location) throw new ArmError(400, "LocationRequired", "The location property is required for this definition.");
      const tags = isPlainObject(body.tags) ? (body.tags as Record<string, string>) : existing?.tags;
      const group = state.store.putResourceGroup({ subscriptionId, name, location, ...(tags ? { tags } : {}) });
      return { status: existing || method === "PATCH" ? 200 : 201, body: groupDocument(group) };
    }
    case "DELETE":
      return { status: state.store.deleteResourceGroup(subscriptionId, name) ? 200 : 404 };
    default:
      throw new ArmError(405, "MethodNotAllowed", `The method '${method}' is not supported on resource groups.`);
  }
}

/**
 * `/subscriptions/{s}[/resourcegroups/{rg}]/resources`: the generic resource list, with the
 * `$filter=resourceType eq '...'` that `vaults.list()` and most tools send.
 */
export function genericListRoute(state: ArmState, call: ArmCall, subscriptionId: string, resourceGroup?: string): ArmAnswer {
  if (call.request.method !== "GET") throw new ArmError(405, "MethodNotAllowed", `The method '${call.request.method}' is not supported on resource lists.`);
  if (resourceGroup !== undefined && !state.store.resourceGroup(subscriptionId, resourceGroup)) throw resourceGroupNotFound(resourceGroup);
  const type = resourceTypeFilter(queryParam(call.request.query, "$filter"));
  const tracked = (doc: ArmDocument) => typeof doc.location === "string";
  const keys = state.store.sortedKeys(type, { subscriptionId, ...(resourceGroup ? { resourceGroup } : {}) }).filter((key) => tracked(state.store.peek(key)!));
  return { status: 200, body: pageOf(state, call, keys, (key) => genericView(state.store.peek(key)!)) };
}

function resourceTypeFilter(filter: string | undefined): string | undefined {
  if (filter === undefined || filter.trim() === "") return undefined;
  const match = /^\s*resourceType\s+eq\s+'([^']+)'\s*$/i.exec(filter);
  if (!match) throw new ArmError(400, "InvalidFilterInQueryString", `The emulator supports only $filter=resourceType eq '<type>'; got '${filter}'.`);
  return match[1];
}

function genericView(doc: ArmDocument) {
  const { properties: _properties, ...rest } = doc;
  return rest;
}

/** `GET .../providers/{ns}/locations/{loc}/operationStatuses/{id}`: an Azure-AsyncOperation poll. */
export function operationStatusRoute(state: ArmState, call: ArmCall, operationId: string): ArmAnswer {
  if (call.request.method !== "GET") throw new ArmError(405, "MethodNotAllowed", "Operation statuses are read with GET.");
  const status = state.operations.poll(operationId, call.request.path);
  if (!status) throw new ArmError(404, "OperationNotFound", `The operation '${operationId}' was not found.`);
  return { status: 200, body: status };
}
