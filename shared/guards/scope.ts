/**
 * Where the service may act: the subscriptions both the settings (GUARD_SUBSCRIPTION_IDS) and
 * the policy (scopes.subscriptions) allow, and the policy's resource groups. Every path asks
 * here with the canonical id parser: the event intake, the HTTP API, the queue worker, both
 * sweeps, rollback, and the write itself, right before it goes to ARM.
 */
import { matchesGlob } from "../config/glob.ts";
import type { Policy } from "../config/policy.ts";
import { isSelfOrChildOf, parseArmScope, parseResourceId, ResourceIdError } from "../core/index.ts";

export type ScopeCheck = { ok: true } | { ok: false; reason: string };

export interface ServiceScope {
  /** Lower-cased; empty: no subscription is allowed unless neither source names any. */
  subscriptions: readonly string[];
  /** True when neither the settings nor the policy name a subscription: any is allowed (a CLI run over the subscriptions it was given). */
  anySubscription: boolean;
  includeResourceGroups: readonly string[];
  excludeResourceGroups: readonly string[];
}

const lower = (ids: readonly string[]) => ids.map((id) => id.toLowerCase());

/**
 * The intersection of the subscriptions the settings guard and the policy's scopes. An empty
 * list on one side means that side does not restrict; when both name subscriptions, only those
 * both name are in scope (possibly none).
 */
export function serviceScope(policy: Pick<Policy, "scopes">, settingsSubscriptions: readonly string[]): ServiceScope {
  const fromSettings = lower(settingsSubscriptions);
  const fromPolicy = lower(policy.scopes.subscriptions);
  const subscriptions = fromSettings.length === 0 ? fromPolicy : fromPolicy.length === 0 ? fromSettings : fromSettings.filter((id) => fromPolicy.includes(id));
  return {
    subscriptions: [...new Set(subscriptions)],
    anySubscription: fromSettings.length === 0 && fromPolicy.length === 0,
    includeResourceGroups: policy.scopes.includeResourceGroups,
    excludeResourceGroups: policy.scopes.excludeResourceGroups,
  };
}

function subscriptionCheck(scope: ServiceScope, subscriptionId: string): ScopeCheck {
  if (scope.anySubscription || scope.subscriptions.includes(subscriptionId.toLowerCase())) return { ok: true };
  return { ok: false, reason: `subscription ${subscriptionId} is not one this service guards (GUARD_SUBSCRIPTION_IDS and the policy's scopes.subscriptions)` };
}

function resourceGroupCheck(scope: ServiceScope, resourceGroup: string): ScopeCheck {
  const excludedBy = scope.excludeResourceGroups.find((pattern) => matchesGlob(pattern, resourceGroup));
  if (excludedBy !== undefined) return { ok: false, reason: `resource group ${resourceGroup} is excluded by scopes.excludeResourceGroups (${excludedBy})` };
  if (scope.includeResourceGroups.length > 0 && !scope.includeResourceGroups.some((pattern) => matchesGlob(pattern, resourceGroup))) {
    return { ok: false, reason: `resource group ${resourceGroup} is not in scopes.includeResourceGroups` };
  }
  return { ok: true };
}

/** Whether a parsed subscription, resource group or resource (ArmScope, ResourceId) lies in scope. */
export function checkParsedScope(scope: ServiceScope, target: { subscriptionId: string; resourceGroup?: string }): ScopeCheck {
  const subscription = subscriptionCheck(scope, target.subscriptionId);
  if (!subscription.ok || target.resourceGroup === undefined) return subscription;
  return resourceGroupCheck(scope, target.resourceGroup);
}

/**
 * Accepts a resource, resource group or subscription id, parsed canonically first: an id the
 * parser refuses is out of scope with the parser's reason. For a subscription only the
 * subscription is checked: each resource a scan finds there is checked again on its own.
 */
export function checkScope(scope: ServiceScope, id: string): ScopeCheck {
  try {
    return checkParsedScope(scope, parseArmScope(id));
  } catch (error) {
    if (error instanceof ResourceIdError) return { ok: false, reason: error.message };
    throw error;
  }
}

/**
 * The last check before an ARM write: the document the write was planned on names, by its own
 * id, the resource the work was for (or a child of it), and that id is in scope. The id comes
 * from ARM's document, not from the request, the event or a ledger row.
 */
export function checkWriteTarget(scope: ServiceScope, targetId: string, documentId: string): ScopeCheck {
  try {
    const target = parseResourceId(targetId);
    const document = parseResourceId(documentId);
    if (!isSelfOrChildOf(document, target)) return { ok: false, reason: `the document read from ARM is ${document.id}, not ${target.id} or a child of it` };
    return checkParsedScope(scope, document);
  } catch (error) {
    if (error instanceof ResourceIdError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** Thrown by a write whose target fails the scope check: nothing was sent to ARM. */
export class OutOfScopeWrite extends Error {
  constructor(reason: string) {
    super(`write refused before it reached ARM: ${reason}`);
    this.name = "OutOfScopeWrite";
  }
}

/** Throws OutOfScopeWrite unless the write target passes checkWriteTarget. */
export function assertWriteInScope(scope: ServiceScope, targetId: string, documentId: string): void {
  const verdict = checkWriteTarget(scope, targetId, documentId);
  if (!verdict.ok) throw new OutOfScopeWrite(verdict.reason);
}
