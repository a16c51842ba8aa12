import type { ResourceTypeSpec, WriteSpec } from "../resources/index.ts";
import { ArmError, parentNotFound, resourceGroupNotFound, resourceNotFound } from "../server/errors.ts";
import { parseAddress } from "../store/ids.ts";
import { isPlainObject } from "../store/merge.ts";
import type { ArmAnswer, ArmCall, ArmState } from "./context.ts";
import { pageOf } from "./paging.ts";
import { systemData } from "./systemData.ts";
import type { ArmDocument } from "../../shared/core/index.ts";

/** A path under `/subscriptions/{s}/resourceGroups/{rg}/providers/...`, resolved. */
export type ResourceTarget =
  | { kind: "resource"; id: string; type: string; name: string; subscriptionId: string; resourceGroup: string; parentId?: string; extension: boolean }
  | { kind: "collection"; type: string; subscriptionId: string; resourceGroup?: string; parentId?: string; extension: boolean }
  | { kind: "action"; id: string; action: string; subscriptionId: string; resourceGroup: string };

/**
 * Reads the segments after `resourceGroups/{rg}/providers/`: pairs of type and name, an odd
 * tail for a collection (or a POST action), and `providers/{ns}/{type}[/{name}]` for an
 * extension resource on the resource before it.
 */
export function resolveResourcePath(segments: string[], method: string): ResourceTarget {
  const [, subscriptionId = "", , resourceGroup = "", , namespace = ""] = segments;
  const rest = segments.slice(6);
  const base = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${namespace}`;
  const extensionAt = rest.findIndex((seg, i) => i > 0 && i % 2 === 0 && seg.toLowerCase() === "providers");
  if (extensionAt >= 0) {
    const owner = rest.slice(0, extensionAt);
    const ext = rest.slice(extensionAt + 1);
    const parentId = `${base}/${owner.join("/")}`;
    const type = `${ext[0]}/${ext[1]}`;
    if (ext.length === 2) return { kind: "collection", type, subscriptionId, resourceGroup, parentId, extension: true };
    if (ext.length === 3) return { kind: "resource", id: `${parentId}/providers/${ext.join("/")}`, type, name: ext[2]!, subscriptionId, resourceGroup, parentId, extension: true };
    throw new ArmError(400, "InvalidRequestUri", `The extension resource path '/${segments.join("/")}' is not valid.`);
  }
  if (rest.length === 0) throw new ArmError(404, "InvalidResourceType", `No resource type given under provider '${namespace}'.`);
  const typeSegments = [namespace, ...rest.filter((_, i) => i % 2 === 0)];
  const type = typeSegments.join("/");
  if (rest.length % 2 === 1) {
    const ownerPath = rest.slice(0, -1).join("/");
    const parentId = rest.length > 1 ? `${base}/${ownerPath}` : undefined;
    if (method === "POST" && parentId) return { kind: "action", id: parentId, action: rest[rest.length - 1]!, subscriptionId, resourceGroup };
    return { kind: "collection", type, subscriptionId, resourceGroup, ...(parentId ? { parentId } : {}), extension: false };
  }
  const id = `${base}/${rest.join("/")}`;
  const parentId = rest.length > 2 ? `${base}/${rest.slice(0, -2).join("/")}` : undefined;
  return { kind: "resource", id, type, name: rest[rest.length - 1]!, subscriptionId, resourceGroup, ...(parentId ? { parentId } : {}), extension: false };
}

export function handleResourceTarget(state: ArmState, call: ArmCall, target: ResourceTarget): ArmAnswer {
  const group = target.resourceGroup === undefined ? undefined : state.store.resourceGroup(target.subscriptionId, target.resourceGroup);
  if (target.resourceGroup !== undefined && !group) throw resourceGroupNotFound(target.resourceGroup);
  switch (target.kind) {
    case "collection":
      return listCollection(state, call, target);
    case "action":
      return runAction(state, call, target);
    case "resource":
      return handleResource(state, call, target, group!.location);
  }
}

function requireParent(state: ArmState, parentId: string | undefined, extension: boolean): void {
  if (!parentId || state.store.has(parentId)) return;
  if (extension) {
    const owner = parseAddress(parentId);
    throw resourceNotFound(owner?.type ?? "resource", owner?.name ?? parentId, owner?.resourceGroup ?? "");
  }
  throw parentNotFound(parentId);
}

function present(state: ArmState, doc: ArmDocument): ArmDocument {
  const spec = state.catalog.spec(doc.type);
  return spec.present ? spec.present(doc, state.store, state.origin) : doc;
}

function listCollection(state: ArmState, call: ArmCall, target: Extract<ResourceTarget, { kind: "collection" }>): ArmAnswer {
  if (call.request.method !== "GET") throw methodNotAllowed(call.request.method, target.type);
  requireParent(state, target.parentId, target.extension);
  const spec = state.catalog.spec(target.type);
  const under = `${target.parentId?.toLowerCase()}/`;
  const keys = spec.gathers
    ? state.store.sortedKeys(spec.gathers, (doc) => doc.id.toLowerCase().startsWith(under))
    : state.store.sortedKeys(
        target.type,
        target.parentId ? { parentId: target.parentId } : { subscriptionId: target.subscriptionId, ...(target.resourceGroup ? { resourceGroup: target.resourceGroup } : {}) },
      );
  const load = (key: string) => {
    const doc = state.store.peek(key);
    return doc && present(state, doc);
  };
  return { status: 200, body: pageOf(state, call, keys, load, { singlePage: spec.singlePage === true }) };
}

function handleResource(state: ArmState, call: ArmCall, target: Extract<ResourceTarget, { kind: "resource" }>, groupLocation: string): ArmAnswer {
  const { method } = call.request;
  const spec = state.catalog.spec(target.type);
  requireParent(state, target.parentId, target.extension);
  const owner = spec.derive && target.parentId ? state.store.peek(target.parentId) : undefined;
  const existing = owner ? spec.derive!(owner, target.id) : state.store.peek(target.id);
  switch (method) {
    case "GET":
      if (!existing) throw resourceNotFound(target.type, target.name, target.resourceGroup);
      return { status: 200, body: present(state, existing) };
    case "HEAD":
      return { status: existing ? 204 : 404 };
    case "PUT": {
      if (!spec.put) throw methodNotAllowed(method, target.type);
      if (spec.names && !spec.names.some((n) => n.toLowerCase() === target.name.toLowerCase())) {
        throw new ArmError(400, "InvalidResourceName", `'${target.name}' is not a valid name for ${spec.type}; use ${spec.names.join(" or ")}.`);
      }
      const body = requireObject(call.request.body);
      const change = { ...succeeded(spec, withoutReadOnly(body)), ...systemData(call.caller, !existing) };
      const doc = existing
        ? state.store.merge(target.id, change)
        : state.store.put({ ...change, id: target.id, name: target.name, type: spec.type, ...defaultLocation(spec, body, groupLocation, target) } as ArmDocument);
      return written(state, call, spec, spec.put, doc, !existing);
    }
    case "PATCH": {
      if (!spec.patch) throw methodNotAllowed(method, target.type);
      if (!existing) throw resourceNotFound(target.type, target.name, target.resourceGroup);
      const body = call.request.body === undefined ? {} : requireObject(call.request.body);
      const doc = state.store.merge(target.id, { ...succeeded(spec, withoutReadOnly(body)), ...systemData(call.caller, false) });
      return written(state, call, spec, spec.patch, doc, false);
    }
    case "DELETE": {
      if (!existing) return { status: 204 };
      state.store.delete(target.id);
      state.notify({ operation: "delete", id: existing.id, type: existing.type, caller: call.caller, correlationId: call.correlationId });
      return { status: 200 };
    }
    default:
      throw methodNotAllowed(method, target.type);
  }
}

function runAction(state: ArmState, call: ArmCall, target: Extract<ResourceTarget, { kind: "action" }>): ArmAnswer {
  const owner = state.store.peek(target.id);
  const address = parseAddress(target.id);
  if (!owner) throw resourceNotFound(address?.type ?? "resource", address?.name ?? target.id, target.resourceGroup);
  const action = state.catalog.spec(owner.type).actions?.[target.action.toLowerCase()];
  if (!action) throw new ArmError(404, "InvalidResourceType", `The resource type '${owner.type}' has no action '${target.action}' in the emulator.`);
  const result = action.run(owner, call.request.body, (id) => state.store.get(id));
  for (const write of result.writes) {
    const doc = state.store.merge(write.id, { ...write.change, ...systemData(call.caller, false) });
    state.notify({ operation: "write", id: doc.id, type: doc.type, caller: call.caller, correlationId: call.correlationId });
  }
  const body = result.answer((id) => state.store.get(id));
  if (state.lroMode === "async" && action.lro) {
    const url = state.operations.start({
      origin: state.origin,
      subscriptionId: target.subscriptionId,
      provider: owner.type.split("/")[0]!,
      location: owner.location,
      apiVersion: call.apiVersion,
      result: body,
    });
    return { status: 202, headers: { "azure-asyncoperation": url } };
  }
  return { status: 200, body };
}

/** Answers a successful write: the final body at once, or 202 + Azure-AsyncOperation for an LRO in async mode. */
function written(state: ArmState, call: ArmCall, spec: ResourceTypeSpec, write: WriteSpec, doc: ArmDocument, created: boolean): ArmAnswer {
  state.notify({ operation: "write", id: doc.id, type: doc.type, caller: call.caller, correlationId: call.correlationId });
  const body = present(state, doc);
  if (state.lroMode === "async" && write.lro) {
    const address = parseAddress(doc.id)!;
    const url = state.operations.start({ origin: state.origin, subscriptionId: address.subscriptionId, provider: spec.type.split("/")[0]!, location: doc.location, apiVersion: call.apiVersion });
    return { status: 202, body, headers: { "azure-asyncoperation": url } };
  }
  return { status: created ? (write.createdStatus ?? 201) : 200, body };
}

/** The change as the service applies it: the write has finished, whatever the LRO reports. */
function succeeded(spec: ResourceTypeSpec, change: Record<string, unknown>): Record<string, unknown> {
  if (spec.provisioningState === false) return change;
  const properties = isPlainObject(change.properties) ? change.properties : {};
  return { ...change, properties: { ...properties, provisioningState: "Succeeded" } };
}

/** Proxy resources (children, extensions) have no location; tracked ones default to their group's. */
function defaultLocation(spec: ResourceTypeSpec, body: Record<string, unknown>, groupLocation: string, target: { parentId?: string; extension: boolean }) {
  if (typeof body.location === "string" || target.extension || spec.provisioningState === false) return {};
  return target.parentId ? {} : { location: groupLocation };
}

function withoutReadOnly(body: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, name: _name, type: _type, systemData: _systemData, ...rest } = body;
  return rest;
}

function requireObject(body: unknown): Record<string, unknown> {
  if (!isPlainObject(body)) throw new ArmError(400, "InvalidRequestContent", "The request content must be a JSON object.");
  return body;
}

function methodNotAllowed(method: string, type: string): ArmError {
  return new ArmError(405, "MethodNotAllowed", `The method '${method}' is not supported for the resource type '${type}'.`);
}
