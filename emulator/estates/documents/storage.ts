import { DEMO_TENANT_ID } from "../../constants.ts";
import { defined, guidFrom, tracked, type Common, type Place } from "./place.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

export interface StorageSettings extends Common {
  /** `minimumTlsVersion`; undefined leaves it absent (the API then means TLS1_0). */
  minimumTlsVersion?: "TLS1_0" | "TLS1_1" | "TLS1_2" | "TLS1_3";
  supportsHttpsTrafficOnly?: boolean;
  /** Encrypt with a customer-managed key in this vault (keySource Microsoft.Keyvault). */
  cmkVault?: string;
  requireInfrastructureEncryption?: boolean;
}

export function storageAccount(place: Place, name: string, settings: StorageSettings): ArmDocument {
  const encryption = {
    keySource: settings.cmkVault ? "Microsoft.Keyvault" : "Microsoft.Storage",
    ...(settings.cmkVault ? { keyvaultproperties: { keyname: "storage-cmk", keyvaulturi: `https://${settings.cmkVault}.vault.azure.net`, keyversion: "" } } : {}),
    ...defined({ requireInfrastructureEncryption: settings.requireInfrastructureEncryption }),
    services: {
      blob: { enabled: true, keyType: "Account", lastEnabledTime: "2024-03-01T09:00:00.0000000Z" },
      file: { enabled: true, keyType: "Account", lastEnabledTime: "2024-03-01T09:00:00.0000000Z" },
    },
  };
  return tracked(place, "Microsoft.Storage/storageAccounts", name, settings, {
    kind: "StorageV2",
    sku: { name: "Standard_LRS", tier: "Standard" },
    ...(settings.cmkVault ? { identity: { type: "SystemAssigned", principalId: guidFrom(name), tenantId: DEMO_TENANT_ID } } : {}),
    properties: {
      creationTime: "2024-03-01T09:00:00.0000000Z",
      provisioningState: "Succeeded",
      primaryLocation: place.location,
      statusOfPrimary: "available",
      accessTier: "Hot",
      allowBlobPublicAccess: false,
      networkAcls: { bypass: "AzureServices", defaultAction: "Allow", ipRules: [], virtualNetworkRules: [] },
      encryption,
      primaryEndpoints: {
        blob: `https://${name}.blob.core.windows.net/`,
        file: `https://${name}.file.core.windows.net/`,
        queue: `https://${name}.queue.core.windows.net/`,
        table: `https://${name}.table.core.windows.net/`,
      },
      ...defined({ minimumTlsVersion: settings.minimumTlsVersion, supportsHttpsTrafficOnly: settings.supportsHttpsTrafficOnly }),
    },
  });
}
