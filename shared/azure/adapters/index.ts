import { applicationGateways } from "./applicationGateways.ts";
import { cosmosAccounts } from "./cosmosAccounts.ts";
import { disks } from "./disks.ts";
import { eventGridDomains, eventGridTopics } from "./eventGridTopics.ts";
import { eventHubNamespaces } from "./eventHubNamespaces.ts";
import { keyVaults } from "./keyVaults.ts";
import { mysqlConfigurations } from "./mysqlConfigurations.ts";
import { postgresqlConfigurations } from "./postgresqlConfigurations.ts";
import { redisCaches } from "./redis.ts";
import { serviceBusNamespaces } from "./serviceBusNamespaces.ts";
import { sites } from "./sites.ts";
import { sqlDatabases } from "./sqlDatabases.ts";
import { sqlServers } from "./sqlServers.ts";
import { storageAccounts } from "./storageAccounts.ts";
import type { FixWriter, ResourceAdapter } from "./types.ts";
import { virtualMachines } from "./virtualMachines.ts";
import { parseResourceId, type ResourceId } from "../../core/index.ts";

export type { CollectedDocument, FixWriter, ResourceAdapter } from "./types.ts";
export { DIAGNOSTIC_SETTINGS_KEY } from "./keyVaults.ts";

/** Every resource type the service lists, reads and fixes, in sweep order. */
export const ADAPTERS: readonly ResourceAdapter[] = [
  storageAccounts,
  sqlServers,
  sqlDatabases,
  disks,
  virtualMachines,
  sites,
  keyVaults,
  redisCaches,
  postgresqlConfigurations,
  mysqlConfigurations,
  cosmosAccounts,
  eventHubNamespaces,
  serviceBusNamespaces,
  eventGridTopics,
  eventGridDomains,
  applicationGateways,
];

const lower = (s: string) => s.toLowerCase();

export function adapterForType(type: string, adapters: readonly ResourceAdapter[] = ADAPTERS): ResourceAdapter | undefined {
  return adapters.find((a) => lower(a.type) === lower(type));
}

export function writerFor(documentType: string, adapters: readonly ResourceAdapter[] = ADAPTERS): FixWriter | undefined {
  for (const adapter of adapters) {
    const writer = adapter.writers.find((w) => lower(w.documentType) === lower(documentType));
    if (writer) return writer;
  }
  return undefined;
}

export interface EvaluationTarget {
  adapter: ResourceAdapter;
  id: ResourceId;
}

/**
 * The resource to evaluate when `resourceId` changed: the resource itself, or the parent a
 * child belongs to (a database's TDE setting -> the database, a site's config/web -> the site).
 * Undefined when the service does not cover the type.
 */
export function evaluationTarget(resourceId: string | ResourceId, adapters: readonly ResourceAdapter[] = ADAPTERS): EvaluationTarget | undefined {
  const id = typeof resourceId === "string" ? parseResourceId(resourceId) : resourceId;
  const own = adapterForType(id.type, adapters);
  if (own) return { adapter: own, id };
  for (const adapter of adapters) {
    if (!adapter.childTypes.some((child) => lower(child) === lower(id.type))) continue;
    const depth = adapter.type.split("/").length - 1;
    const segments = id.id.replace(/\/+$/, "").split("/");
    // /subscriptions/S/resourceGroups/G/providers/NS = 7 segments, then a type/name pair per level.
    return { adapter, id: parseResourceId(segments.slice(0, 7 + depth * 2).join("/")) };
  }
  return undefined;
}
