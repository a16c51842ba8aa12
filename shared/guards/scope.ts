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

/** Which subscriptions are in the guarded management groups (what Resource Graph last said). */
export interface GroupMembership {
  contains(groups: readonly string[], subscriptionId: string): boolean;
}

/** Subscriptions one source allows: those it names and those in the management groups it names. */
interface SubscriptionSource {
  /** Lower-cased. */
  subscriptions: readonly string[];
  managementGroups: readonly string[];
}

export interface ServiceScope {
  /** GUARD_SUBSCRIPTION_IDS and GUARD_MANAGEMENT_GROUPS. */
  settings: SubscriptionSource;
  /** The policy's scopes.subscriptions and scopes.managementGroups. */
  policy: SubscriptionSource;
  /** The subscriptions both sources name (lower-cased); a management group's members are checked one by one. */
  subscriptions: readonly string[];
  /** True when neither the settings nor the policy name a subscription or a group: any is allowed (a CLI run over the subscriptions it was given). */
  anySubscription: boolean;
  includeResourceGroups: readonly string[];
  excludeResourceGroups: readonly string[];
  members?: GroupMembership;
}

const lower = (ids: readonly string[]) => ids.map((id) => id.toLowerCase());
const unrestricted = (source: SubscriptionSource) => source.subscriptions.length === 0 && source.managementGroups.length === 0;

/**
 * The intersection of what the settings guard and the policy's scopes. A side that names neither
 * a subscription nor a management group does not restrict; when both do, a subscription must be
 * allowed by both (possibly none is).
 */
export function serviceScope(policy: Pick<Policy, "scopes">, settingsSubscriptions: readonly string[], groups: { managementGroups?: readonly string[]; members?: GroupMembership } = {}): ServiceScope {
  const settings = { subscriptions: lower(settingsSubscriptions), managementGroups: groups.managementGroups ?? [] };
  const fromPolicy = { subscriptions: lower(policy.scopes.subscriptions), managementGroups: policy.scopes.managementGroups };
  const named =
    settings.subscriptions.length === 0
      ? fromPolicy.subscriptions
      : fromPolicy.subscriptions.length === 0
        ? settings.subscriptions
        : settings.subscriptions.filter((id) => fromPolicy.subscriptions.includes(id));
  return {
    settings,
    policy: fromPolicy,
    subscriptions: [...new Set(named)],
    anySubscription: unrestricted(settings) && unrestricted(fromPolicy),
    includeResourceGroups: policy.scopes.includeResourceGroups,
    excludeResourceGroups: policy.scopes.excludeResourceGroups,
    ...(groups.members ? { members: groups.members } : {}),
  };
}

function allows(scope: ServiceScope, source: SubscriptionSource, subscriptionId: string): boolean {
  if (unrestricted(source) || source.subscriptions.includes(subscriptionId.toLowerCase())) return true;
  return source.managementGroups.length > 0 && (scope.members?.contains(source.managementGroups, subscriptionId) ?? false);
}

function subscriptionCheck(scope: ServiceScope, subscriptionId: string): ScopeCheck {
  if (!allows(scope, scope.settings, subscriptionId)) {
    return { ok: false, reason: `subscription ${subscriptionId} is not one this service guards (GUARD_SUBSCRIPTION_IDS, GUARD_MANAGEMENT_GROUPS)` };
  }
  if (!allows(scope, scope.policy, subscriptionId)) {
    return { ok: false, reason: `subscription ${subscriptionId} is not one this service guards (the policy's scopes.subscriptions and scopes.managementGroups leave it out)` };
  }
  return { ok: true };
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
