import type { CaseTable } from "../caseTable.ts";

const IDENTITY = "/subscriptions/3f2a6c1e-8d4b-4a57-9a0e-2b7c9d1e5f60/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-storage-cmk";
const KEY = { keyVaultUri: "https://kv-contoso-keys.vault.azure.net", keyName: "storage-wrap", userAssignedIdentityId: IDENTITY };
const EXPECTED = "keySource Microsoft.Keyvault with a key vault URI and key name";

export default {
  fix: "safe",
  cases: [
    { name: "accepts the Microsoft.Keyvault key source with a vault URI and key name", doc: "storage/account-cmk-hardened.json", status: "compliant" },
    { name: "reads the key source and key properties in any casing", doc: "storage/account-resource-graph.json", status: "compliant" },
    {
      name: "rejects Microsoft-managed keys",
      doc: "storage/account-legacy-defaults.json",
      status: "noncompliant",
      evidence: { path: "properties.encryption.keySource", actual: "Microsoft.Storage", expected: EXPECTED },
    },
    {
      name: "rejects a Key Vault key source without a key",
      doc: "storage/account-keyvault-without-key.json",
      status: "noncompliant",
      evidence: { path: "properties.encryption.keyvaultproperties" },
    },
    {
      name: "treats a missing encryption block as Microsoft-managed keys",
      doc: { fixture: "storage/account-legacy-defaults.json", set: { properties: { supportsHttpsTrafficOnly: true } } },
      status: "noncompliant",
      reason: /Microsoft-managed keys/,
    },
    { name: "says unknown for a key source that is not a string", doc: { fixture: "storage/account-cmk-hardened.json", set: { "properties.encryption.keySource": 3 } }, status: "unknown" },
    { name: "refuses params without an identity", params: { keyVaultUri: KEY.keyVaultUri, keyName: "k" }, refused: ["userAssignedIdentityId"] },
    { name: "refuses empty params", params: {}, refused: ["keyVaultUri", "keyName", "userAssignedIdentityId"] },
    {
      name: "refuses a vault URI with a path, a key name with spaces and a short key version",
      params: { ...KEY, keyVaultUri: "https://kv-contoso-keys.vault.azure.net/keys/storage-wrap", keyName: "storage wrap", keyVersion: "6a1b2c3d" },
      refused: ["keyVaultUri", "keyName", "keyVersion"],
    },
    {
      name: "refuses an identity id of another type",
      params: { ...KEY, userAssignedIdentityId: IDENTITY.replace("Microsoft.ManagedIdentity/userAssignedIdentities", "Microsoft.Storage/storageAccounts") },
      refused: ["userAssignedIdentityId"],
    },
    {
      name: "plans the key, the identity and the key source, keeping a system-assigned identity",
      fix: "storage/account-keyvault-without-key.json",
      params: { ...KEY, keyVersion: "6a1b2c3d4e5f60718293a4b5c6d7e8f9" },
      changes: [
        {
          path: "identity",
          before: { type: "SystemAssigned", principalId: "2b4c6d8e-1a3f-4e5b-9c7d-0e2f4a6b8c1d", tenantId: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" },
          after: { type: "SystemAssigned,UserAssigned", userAssignedIdentities: { [IDENTITY]: {} } },
        },
        { path: "properties.encryption.identity", before: null, after: { userAssignedIdentity: IDENTITY } },
        { path: "properties.encryption.keyvaultproperties", before: {}, after: { keyvaulturi: KEY.keyVaultUri, keyname: "storage-wrap", keyversion: "6a1b2c3d4e5f60718293a4b5c6d7e8f9" } },
        { path: "properties.encryption.keySource", before: "Microsoft.Keyvault", after: "Microsoft.Keyvault" },
      ],
    },
    { name: "turns Microsoft-managed keys into the policy's key", fix: "storage/account-legacy-defaults.json", params: KEY },
  ],
} satisfies CaseTable;
