import { listDocuments, type SubscriptionClients } from "../../azure/index.ts";
import type { ResourceId } from "../../core/index.ts";
import { defineResource } from "../define.ts";
import { TAGS_READ_ACTION, type HeldItem } from "../held.ts";

const TYPE = "Microsoft.DataProtection/backupVaults";
const INSTANCE = "Microsoft.DataProtection/backupVaults/backupInstances";
const API_VERSION = "2025-07-01";

function resourceIdIn(info: unknown): unknown {
  return info !== null && typeof info === "object" ? (info as { resourceID?: unknown }).resourceID : undefined;
}

/** Each backup instance names its data source and, for a database, the server it lives on (whose tags then classify it). */
async function* backupInstances(clients: SubscriptionClients, id: ResourceId): AsyncIterable<HeldItem> {
  for await (const instance of listDocuments(() => clients.listPath(`${id.id}/backupInstances`, API_VERSION))) {
    yield [resourceIdIn(instance.properties?.dataSourceInfo), resourceIdIn(instance.properties?.dataSourceSetInfo)];
  }
}

/**
 * Backup vaults through the generic resources API: no @azure/arm-dataprotection package can be
 * installed from the npm registry this project uses (it answers 404), and the generic client
 * reads the vault at an api-version with `securitySettings.encryptionSettings`. Its backup
 * instances, a child collection the generic API cannot list, are read with a paged GET through
 * the same client's pipeline.
 */
export const backupVaults = defineResource({
  type: TYPE,
  apiVersion: API_VERSION,
  client: "generic resources API: no @azure/arm-dataprotection package is available from the npm registry",
  names: ["vault"],
  operations: (clients) => clients.resources.resources,
  list: (ops) => ops.list({ filter: `resourceType eq '${TYPE}'` }),
  get: (ops, id) => ops.getById(id.id, API_VERSION),
  nested: true,
  listIsIncomplete: true,
  childTypes: [INSTANCE],
  contents: { source: "backup instances", items: backupInstances },
  actions: { read: [`${TYPE}/read`, `${INSTANCE}/read`, TAGS_READ_ACTION] },
});
