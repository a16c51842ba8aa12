import { checkScope, serviceScope, type ScopeCheck, type ServiceScope } from "../guards/scope.ts";
import type { GuardRuntime } from "./runtime.ts";

/** The runtime's scope: the subscriptions its settings and its policy both allow, and the policy's resource groups. */
export function scopeOf(runtime: Pick<GuardRuntime, "policy" | "subscriptionIds">): ServiceScope {
  return serviceScope(runtime.policy, runtime.subscriptionIds);
}

/**
 * Whether the service may touch this id (a subscription, resource group or resource, parsed
 * canonically). Asked before any ARM call, so neither a request, an event, a queue message nor
 * a ledger row can steer the service outside what it was given.
 */
export function scopeCheck(runtime: Pick<GuardRuntime, "policy" | "subscriptionIds">, id: string): ScopeCheck {
  return checkScope(scopeOf(runtime), id);
}

/**
 * The subscriptions a sweep covers: those asked for (every configured one when none is named)
 * that are in scope, and the ones left out with the reason.
 */
export function sweepSubscriptions(
  runtime: Pick<GuardRuntime, "policy" | "subscriptionIds">,
  requested: readonly string[] = runtime.subscriptionIds,
): { inScope: string[]; skipped: { subscriptionId: string; reason: string }[] } {
  const inScope: string[] = [];
  const skipped: { subscriptionId: string; reason: string }[] = [];
  for (const subscriptionId of new Set(requested)) {
    const verdict = scopeCheck(runtime, `/subscriptions/${subscriptionId}`);
    if (verdict.ok) inScope.push(subscriptionId);
    else skipped.push({ subscriptionId, reason: verdict.reason });
  }
  return { inScope, skipped };
}
