import { DEMO_TENANT_ID } from "../../constants.ts";
import { guidFrom, tracked, type Common, type Place } from "./place.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

export interface VaultSettings extends Common {
  /** null: the property comes back null (older vaults); undefined: absent. */
  enableSoftDelete?: boolean | null;
  enablePurgeProtection?: boolean | null;
  enableRbacAuthorization?: boolean | null;
  publicNetworkAccess?: "Enabled" | "Disabled";
  /** `networkAcls.defaultAction`; undefined leaves `networkAcls` null. */
  networkDefaultAction?: "Allow" | "Deny";
  /** Access policies (only meaningful without RBAC). */
  accessPolicies?: number;
}

export function keyVault(place: Place, name: string, settings: VaultSettings): ArmDocument {
  const optional = (key: string, value: unknown) => (value === undefined ? {} : { [key]: value });
  return tracked(place, "Microsoft.KeyVault/vaults", name, settings, {
    properties: {
      sku: { family: "A", name: "standard" },
      tenantId: DEMO_TENANT_ID,
      vaultUri: `https://${name}.vault.azure.net/`,
      provisioningState: "Succeeded",
      enabledForDeployment: false,
      enabledForDiskEncryption: false,
      enabledForTemplateDeployment: false,
      softDeleteRetentionInDays: 90,
      accessPolicies: Array.from({ length: settings.accessPolicies ?? 0 }, (_, i) => ({
        tenantId: DEMO_TENANT_ID,
        objectId: guidFrom(`${name}-policy-${i}`),
        permissions: { keys: ["get", "list", "wrapKey", "unwrapKey"], secrets: ["get", "list"], certificates: [] },
      })),
      ...optional("enableSoftDelete", settings.enableSoftDelete),
      ...optional("enablePurgeProtection", settings.enablePurgeProtection),
      ...optional("enableRbacAuthorization", settings.enableRbacAuthorization),
      publicNetworkAccess: settings.publicNetworkAccess ?? "Enabled",
      networkAcls: settings.networkDefaultAction ? { bypass: "AzureServices", defaultAction: settings.networkDefaultAction, ipRules: [], virtualNetworkRules: [] } : null,
    },
  });
}
