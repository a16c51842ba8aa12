/**
 * Resource addresses as the emulator sees them. ARM compares ids case-insensitively, so
 * every map is keyed by the lower-cased id while documents keep the casing they were
 * created with.
 */
export function keyOf(id: string): string {
  return normalizePath(id).toLowerCase();
}

/** Collapses repeated slashes (`//subscriptions/...` from a `resourceUri` with a leading slash) and drops a trailing one. */
export function normalizePath(path: string): string {
  const collapsed = ("/" + path).replace(/\/{2,}/g, "/");
  return collapsed.length > 1 ? collapsed.replace(/\/$/, "") : collapsed;
}

export function segmentsOf(path: string): string[] {
  return normalizePath(path)
    .split("/")
    .filter((s) => s !== "");
}

export function resourceGroupKey(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}`.toLowerCase();
}

/** Where a resource id lives: its subscription, resource group and ARM type. */
export interface ResourceAddress {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  /** `Microsoft.Sql/servers/databases` (an extension resource: `Microsoft.Insights/diagnosticSettings`). */
  type: string;
  name: string;
  /** The resource this one lives under: a parent of a child type, or the target of an extension. */
  parentId?: string;
  /** Set for extension resources (`{resourceUri}/providers/Microsoft.Insights/...`). */
  extensionOf?: string;
}

/**
 * Parses `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{child}/{name}]...`,
 * including extension resources on a resource. Returns undefined for anything else.
 */
export function parseAddress(id: string): ResourceAddress | undefined {
  const s = segmentsOf(id);
  if (s.length < 8 || s[0]?.toLowerCase() !== "subscriptions" || s[2]?.toLowerCase() !== "resourcegroups" || s[4]?.toLowerCase() !== "providers") {
    return undefined;
  }
  const rest = s.slice(6);
  const extensionAt = rest.findIndex((seg, i) => i % 2 === 0 && seg.toLowerCase() === "providers");
  const own = extensionAt >= 0 ? rest.slice(0, extensionAt) : rest;
  if (own.length < 2 || own.length % 2 !== 0) return undefined;
  const base = {
    subscriptionId: s[1]!,
    resourceGroup: s[3]!,
  };
  const ownId = "/" + s.slice(0, 6 + own.length).join("/");
  if (extensionAt >= 0) {
    const ext = rest.slice(extensionAt + 1);
    if (ext.length < 3 || ext.length % 2 !== 1) return undefined;
    const typeSegments = [ext[0]!, ...ext.slice(1).filter((_, i) => i % 2 === 0)];
    return { ...base, id: "/" + s.join("/"), type: typeSegments.join("/"), name: ext[ext.length - 1]!, parentId: ownId, extensionOf: ownId };
  }
  const typeSegments = own.filter((_, i) => i % 2 === 0);
  const type = [s[5]!, ...typeSegments].join("/");
  const parentId = own.length > 2 ? "/" + s.slice(0, 6 + own.length - 2).join("/") : undefined;
  return { ...base, id: ownId, type, name: own[own.length - 1]!, ...(parentId ? { parentId } : {}) };
}
