import type { TokenCredential } from "@azure/core-auth";
import { DefaultAzureCredential, ManagedIdentityCredential } from "@azure/identity";

/** Who the service signs in as: `default` (DefaultAzureCredential: managed identity in Azure, a developer login on a laptop) or only the managed identity. */
export type CredentialKind = "default" | "managed-identity";

export function createCredential(kind: CredentialKind, managedIdentityClientId?: string): TokenCredential {
  switch (kind) {
    case "managed-identity":
      return managedIdentityClientId ? new ManagedIdentityCredential({ clientId: managedIdentityClientId }) : new ManagedIdentityCredential();
    case "default":
      return managedIdentityClientId ? new DefaultAzureCredential({ managedIdentityClientId }) : new DefaultAzureCredential();
  }
}
