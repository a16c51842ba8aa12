import { checkScope, serviceScope, type ScopeCheck, type ServiceScope } from "../guards/scope.ts";
import type { GuardRuntime } from "./runtime.ts";

type ScopedRuntime = Pick<GuardRuntime, "policy" | "subscriptionIds"> & Partial<Pick<GuardRuntime, "managementGroups" | "members">>;

/**
 * The runtime's scope: the subscriptions its settings and its policy both allow (named, or in
 * their management groups as `runtime.members` last resolved them), and the policy's resource groups.
 */
export function scopeOf(runtime: ScopedRuntime): ServiceScope {
  return serviceScope(runtime.policy, runtime.subscriptionIds, { managementGroups: runtime.managementGroups ?? [], ...(runtime.members ? { members: runtime.members } : {}) });
}

/**
 * Whether the service may touch this id (a subscription, resource group or resource, parsed
 * canonically). Asked before any ARM call, so neither a request, an event, a queue message nor
 * a ledger row can steer the service outside what it was given.
 */
export function scopeCheck(runtime: ScopedRuntime, id: string): ScopeCheck {
  return checkScope(scopeOf(runtime), id);
}

/**
 * The subscriptions a sweep covers: those asked for (every configured one when none is named)
 * that are in scope, and the ones left out with the reason.
 */
export function sweepSubscriptions(runtime: ScopedRuntime, requested: readonly string[] = runtime.subscriptionIds): { inScope: string[]; skipped: { subscriptionId: string; reason: string }[] } {
  const inScope: string[] = [];
  const skipped: { subscriptionId: string; reason: string }[] = [];
  for (const subscriptionId of new Set(requested)) {
    const verdict = scopeCheck(runtime, `/subscriptions/${subscriptionId}`);
    if (verdict.ok) inScope.push(subscriptionId);
    else skipped.push({ subscriptionId, reason: verdict.reason });
  }
  return { inScope, skipped };
}

/** Brings management group membership up to date (when it is older than its TTL) before scope checks rely on it. */
export async function refreshScopes(runtime: Pick<GuardRuntime, "members">): Promise<void> {
  await runtime.members.refresh();
}
