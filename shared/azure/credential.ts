import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { DefaultAzureCredential, ManagedIdentityCredential } from "@azure/identity";

/**
 * The local emulator accepts any bearer token; this one makes that explicit instead of
 * asking Entra ID for a token that cannot be had offline.
 */
export class EmulatorCredential implements TokenCredential {
  async getToken(): Promise<AccessToken> {
    return { token: "encryption-guard-emulator", expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

export type CredentialKind = "default" | "managed-identity" | "emulator";

export function createCredential(kind: CredentialKind, managedIdentityClientId?: string): TokenCredential {
  switch (kind) {
    case "emulator":
      return new EmulatorCredential();
    case "managed-identity":
      return managedIdentityClientId ? new ManagedIdentityCredential({ clientId: managedIdentityClientId }) : new ManagedIdentityCredential();
    case "default":
      return managedIdentityClientId ? new DefaultAzureCredential({ managedIdentityClientId }) : new DefaultAzureCredential();
  }
}
