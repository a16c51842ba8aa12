/**
 * Whether an id lies inside the policy's scopes. The HTTP API and the event path ask before any
 * ARM call, so a request or an event can never steer the service outside what it was given.
 */
import { matchesGlob } from "../config/glob.ts";
import type { Policy } from "../config/policy.ts";
import { parseResourceId } from "../core/index.ts";

export type ScopeCheck = { ok: true } | { ok: false; reason: string };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A subscription or resource group id; a scan may target either. */
const CONTAINER_ID = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?\/?$/i;

interface Location {
  subscriptionId: string;
  resourceGroup?: string;
}

function locationOf(id: string): Location | string {
  const container = CONTAINER_ID.exec(id);
  if (container) return { subscriptionId: container[1]!, ...(container[2] ? { resourceGroup: container[2] } : {}) };
  try {
    const parsed = parseResourceId(id);
    return { subscriptionId: parsed.subscriptionId, resourceGroup: parsed.resourceGroup };
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Accepts a resource, resource group or subscription id. For a subscription id only the
 * subscription is checked: each resource a scan finds there is checked again on its own.
 */
export function inScope(id: string, policy: Pick<Policy, "scopes">): ScopeCheck {
  const location = locationOf(id);
  if (typeof location === "string") return { ok: false, reason: location };
  const { subscriptionId, resourceGroup } = location;
  if (!GUID.test(subscriptionId)) return { ok: false, reason: `subscription id ${JSON.stringify(subscriptionId)} is not a GUID` };

  const { subscriptions, includeResourceGroups, excludeResourceGroups } = policy.scopes;
  if (subscriptions.length > 0 && !subscriptions.some((allowed) => allowed.toLowerCase() === subscriptionId.toLowerCase())) {
    return { ok: false, reason: `subscription ${subscriptionId} is not in scopes.subscriptions` };
  }
  if (resourceGroup === undefined) return { ok: true };
  const excludedBy = excludeResourceGroups.find((pattern) => matchesGlob(pattern, resourceGroup));
  if (excludedBy !== undefined) return { ok: false, reason: `resource group ${resourceGroup} is excluded by scopes.excludeResourceGroups (${excludedBy})` };
  if (includeResourceGroups.length > 0 && !includeResourceGroups.some((pattern) => matchesGlob(pattern, resourceGroup))) {
    return { ok: false, reason: `resource group ${resourceGroup} is not in scopes.includeResourceGroups` };
  }
  return { ok: true };
}
