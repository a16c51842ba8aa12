import { defined, tracked, type Common, type Place } from "./place.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

export interface CosmosSettings extends Common {
  /** undefined leaves it absent (Tls12 is the current default). */
  minimalTlsVersion?: "Tls" | "Tls11" | "Tls12";
  cmkVault?: string;
}

export function cosmosAccount(place: Place, name: string, settings: CosmosSettings): ArmDocument {
  return tracked(place, "Microsoft.DocumentDB/databaseAccounts", name, settings, {
    kind: "GlobalDocumentDB",
    properties: {
      provisioningState: "Succeeded",
      documentEndpoint: `https://${name}.documents.azure.com:443/`,
      databaseAccountOfferType: "Standard",
      consistencyPolicy: { defaultConsistencyLevel: "Session", maxIntervalInSeconds: 5, maxStalenessPrefix: 100 },
      locations: [{ id: `${name}-${place.location}`, locationName: place.location, failoverPriority: 0, isZoneRedundant: false }],
      publicNetworkAccess: "Enabled",
      disableLocalAuth: false,
      ...defined({
        minimalTlsVersion: settings.minimalTlsVersion,
        keyVaultKeyUri: settings.cmkVault ? `https://${settings.cmkVault}.vault.azure.net/keys/cosmos-cmk` : undefined,
      }),
    },
  });
}
