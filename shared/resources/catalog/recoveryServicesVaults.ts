import { listDocuments } from "../../azure/index.ts";
import { defineResource } from "../define.ts";
import { TAGS_READ_ACTION } from "../held.ts";

const PROTECTED_ITEM = "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems";

/**
 * A Recovery Services vault is judged on its own document (`properties.encryption`) and
 * classified by what it protects: each protected item names its source in
 * `properties.sourceResourceId`, whose tags are read. The protected items list lives in
 * another package (@azure/arm-recoveryservicesbackup) at the backup service's own api-version.
 */
export const recoveryServicesVaults = defineResource({
  type: "Microsoft.RecoveryServices/vaults",
  apiVersion: "2026-07-01",
  client: "@azure/arm-recoveryservices (vaults), @azure/arm-recoveryservicesbackup (protected items)",
  names: ["vault"],
  operations: (clients) => clients.recoveryServices.vaults,
  list: (ops) => ops.listBySubscriptionId(),
  get: (ops, id) => ops.get(id.resourceGroup, id.name),
  // A new protected item can raise the vault's classification (and makes CMK impossible to add).
  childTypes: [PROTECTED_ITEM],
  contents: {
    source: "protected items",
    async *items(clients, id) {
      for await (const item of listDocuments(() => clients.recoveryServicesBackup.backupProtectedItems.list(id.name, id.resourceGroup))) {
        yield [item.properties?.sourceResourceId];
      }
    },
  },
  actions: { read: ["Microsoft.RecoveryServices/vaults/read", "Microsoft.RecoveryServices/vaults/backupProtectedItems/read", TAGS_READ_ACTION] },
});
