import { defineResource } from "../define.ts";

export const storageAccounts = defineResource({
  type: "Microsoft.Storage/storageAccounts",
  apiVersion: "2026-09-01",
  client: "@azure/arm-storage",
  names: ["account"],
  graph: { table: "resources" },
  operations: (clients) => clients.storage.storageAccounts,
  list: (ops) => ops.list(),
  get: (ops, id) => ops.getProperties(id.resourceGroup, id.name),
  update: (ops, id, parameters) => ops.update(id.resourceGroup, id.name, parameters),
  // Wire names the storage SDK model spells differently.
  renames: {
    "properties.supportsHttpsTrafficOnly": "enableHttpsTrafficOnly",
    "properties.encryption.keyvaultproperties": "encryption.keyVaultProperties",
    "properties.encryption.keyvaultproperties.keyname": "encryption.keyVaultProperties.keyName",
    "properties.encryption.keyvaultproperties.keyvaulturi": "encryption.keyVaultProperties.keyVaultUri",
    "properties.encryption.keyvaultproperties.keyversion": "encryption.keyVaultProperties.keyVersion",
    "properties.encryption.identity": "encryption.encryptionIdentity",
    "properties.encryption.identity.userAssignedIdentity": "encryption.encryptionIdentity.encryptionUserAssignedIdentity",
  },
  actions: { read: ["Microsoft.Storage/storageAccounts/read"], write: ["Microsoft.Storage/storageAccounts/write"] },
});
