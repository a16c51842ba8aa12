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
 * Whether the service may touch this id: its subscription is one of GUARD_SUBSCRIPTION_IDS or in
 * one of GUARD_MANAGEMENT_GROUPS (when either is set), and the policy's scopes include it (its
 * subscriptions, or the subscriptions of its management groups). Asked before any ARM call, so
 * neither a request nor an event can steer the service outside what it was given. Management
 * group membership is what `runtime.members` last resolved (refreshScopes).
 */
export function scopeCheck(
  runtime: Pick<GuardRuntime, "policy" | "subscriptionIds"> & Partial<Pick<GuardRuntime, "managementGroups" | "members">>,
  id: string,
): { ok: true } | { ok: false; reason: string } {
  const subscriptionId = /^\/subscriptions\/([^/]+)/i.exec(id)?.[1];
  const guarded = runtime.subscriptionIds ?? [];
  const groups = runtime.managementGroups ?? [];
  const inGroups = (names: readonly string[]) => !!subscriptionId && names.length > 0 && (runtime.members?.contains(names, subscriptionId) ?? false);
  if (subscriptionId && (guarded.length > 0 || groups.length > 0) && !guarded.some((s) => s.toLowerCase() === subscriptionId.toLowerCase()) && !inGroups(groups)) {
    return { ok: false, reason: `subscription ${subscriptionId} is not one this service guards (GUARD_SUBSCRIPTION_IDS, GUARD_MANAGEMENT_GROUPS)` };
  }
  const scopes = runtime.policy.scopes;
  if (scopes.managementGroups.length === 0) return inScope(id, runtime.policy);
  if (inGroups(scopes.managementGroups)) return inScope(id, { scopes: { ...scopes, subscriptions: [] } });
  if (subscriptionId && scopes.subscriptions.length === 0) return { ok: false, reason: `subscription ${subscriptionId} is in none of scopes.managementGroups` };
  return inScope(id, runtime.policy);
}

/** Brings management group membership up to date (when it is older than its TTL) before scope checks rely on it. */
export async function refreshScopes(runtime: Pick<GuardRuntime, "members">): Promise<void> {
  await runtime.members.refresh();
}
