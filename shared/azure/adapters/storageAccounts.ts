import { listDocuments, readDocument, toSdkParameters } from "./wire.ts";
import type { ResourceAdapter } from "./types.ts";

// Wire names the storage SDK model spells differently.
const STORAGE_RENAMES = {
  "properties.supportsHttpsTrafficOnly": "enableHttpsTrafficOnly",
  "properties.encryption.keyvaultproperties": "encryption.keyVaultProperties",
  "properties.encryption.keyvaultproperties.keyname": "encryption.keyVaultProperties.keyName",
  "properties.encryption.keyvaultproperties.keyvaulturi": "encryption.keyVaultProperties.keyVaultUri",
  "properties.encryption.keyvaultproperties.keyversion": "encryption.keyVaultProperties.keyVersion",
  "properties.encryption.identity": "encryption.encryptionIdentity",
  "properties.encryption.identity.userAssignedIdentity": "encryption.encryptionIdentity.encryptionUserAssignedIdentity",
};

export const storageAccounts: ResourceAdapter = {
  type: "Microsoft.Storage/storageAccounts",
  childTypes: [],
  readActions: ["Microsoft.Storage/storageAccounts/read"],
  list: (clients) => listDocuments(() => clients.storage.storageAccounts.list()),
  async collect(clients, id, listed) {
    const doc = listed ?? (await readDocument(() => clients.storage.storageAccounts.getProperties(id.resourceGroup, id.name)));
    return [{ doc }];
  },
  writers: [
    {
      documentType: "Microsoft.Storage/storageAccounts",
      actions: ["Microsoft.Storage/storageAccounts/write"],
      async apply(clients, id, changes, direction) {
        await clients.storage.storageAccounts.update(id.resourceGroup, id.name, toSdkParameters(changes, direction, STORAGE_RENAMES));
      },
    },
  ],
};
