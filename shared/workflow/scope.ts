import { inScope } from "../engine/scope.ts";
import type { GuardRuntime } from "./runtime.ts";
import { parseResourceId, type ResourceId, ResourceIdError } from "../core/index.ts";

const CONTAINER = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?\/?$/i;

/** A scope a scan may target: a subscription, a resource group, or one resource. */
export type ScanScope = { kind: "subscription"; subscriptionId: string } | { kind: "resourceGroup"; subscriptionId: string; resourceGroup: string } | { kind: "resource"; id: ResourceId };

/** Parses a scope strictly; throws ResourceIdError naming what is wrong. */
export function parseScope(value: string): ScanScope {
  const container = CONTAINER.exec(value);
  if (container) {
    const [, subscriptionId, resourceGroup] = container as unknown as [string, string, string | undefined];
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(subscriptionId)) throw new ResourceIdError(value, "subscription id is not a GUID");
    return resourceGroup ? { kind: "resourceGroup", subscriptionId, resourceGroup } : { kind: "subscription", subscriptionId };
  }
  return { kind: "resource", id: parseResourceId(value) };
}

/**
 * Whether the service may touch this id: its subscription is one of GUARD_SUBSCRIPTION_IDS
 * (when set) and the policy's scopes include it. Asked before any ARM call, so neither a
 * request nor an event can steer the service outside what it was given.
 */
export function scopeCheck(runtime: Pick<GuardRuntime, "policy" | "subscriptionIds">, id: string): { ok: true } | { ok: false; reason: string } {
  const subscriptionId = /^\/subscriptions\/([^/]+)/i.exec(id)?.[1];
  const guarded = runtime.subscriptionIds ?? [];
  if (subscriptionId && guarded.length > 0 && !guarded.some((s) => s.toLowerCase() === subscriptionId.toLowerCase())) {
    return { ok: false, reason: `subscription ${subscriptionId} is not one this service guards (GUARD_SUBSCRIPTION_IDS)` };
  }
  return inScope(id, runtime.policy);
}
