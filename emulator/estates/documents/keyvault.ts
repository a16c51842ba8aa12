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

const DAY_SECONDS = 86_400;

export interface KeySettings extends Common {
  kty?: "RSA" | "RSA-HSM" | "EC" | "EC-HSM";
  keySize?: number;
  curveName?: "P-256" | "P-256K" | "P-384" | "P-521";
  enabled?: boolean;
  /** Days from `now` to the key's expiry (negative: expired); absent: no expiry. */
  expiresInDays?: number;
  /** Days from `now` back to the key's creation (default 200). */
  createdDaysAgo?: number;
  /** A rotation policy with a Rotate action this many days after creation; absent: none. */
  rotateAfterDays?: number;
  version?: string;
}

/** A key in a vault, as ARM describes it: unix-second attributes relative to `now`, never key material. */
export function vaultKey(vault: ArmDocument, name: string, now: Date, settings: KeySettings): ArmDocument {
  const at = (days: number) => Math.floor(now.getTime() / 1000) + Math.round(days * DAY_SECONDS);
  const kty = settings.kty ?? "RSA";
  const keyUri = `https://${vault.name}.vault.azure.net/keys/${name}`;
  return {
    id: `${vault.id}/keys/${name}`,
    name,
    type: "Microsoft.KeyVault/vaults/keys",
    location: vault.location,
    ...(settings.tags ? { tags: { ...settings.tags } } : {}),
    properties: {
      attributes: {
        enabled: settings.enabled ?? true,
        created: at(-(settings.createdDaysAgo ?? 200)),
        updated: at(-(settings.createdDaysAgo ?? 200)),
        ...(settings.expiresInDays === undefined ? {} : { exp: at(settings.expiresInDays) }),
        recoveryLevel: "Recoverable+Purgeable",
      },
      kty,
      keyOps: ["wrapKey", "unwrapKey"],
      ...(kty.startsWith("RSA") ? { keySize: settings.keySize ?? 2048 } : { curveName: settings.curveName ?? "P-256" }),
      keyUri,
      keyUriWithVersion: `${keyUri}/${settings.version ?? guidFrom(`${vault.id}/${name}`).replace(/-/g, "")}`,
      ...(settings.rotateAfterDays === undefined
        ? {}
        : {
            rotationPolicy: {
              attributes: { expiryTime: "P2Y" },
              lifetimeActions: [
                { trigger: { timeAfterCreate: `P${settings.rotateAfterDays}D` }, action: { type: "rotate" } },
                { trigger: { timeBeforeExpiry: "P30D" }, action: { type: "notify" } },
              ],
            },
          }),
    },
  };
}

/** A secret's metadata (ARM never returns a value, and the estate holds none). */
export function vaultSecret(vault: ArmDocument, name: string, now: Date, settings: Common & { expiresInDays?: number; enabled?: boolean }): ArmDocument {
  const at = (days: number) => Math.floor(now.getTime() / 1000) + Math.round(days * DAY_SECONDS);
  const secretUri = `https://${vault.name}.vault.azure.net/secrets/${name}`;
  return {
    id: `${vault.id}/secrets/${name}`,
    name,
    type: "Microsoft.KeyVault/vaults/secrets",
    location: vault.location,
    ...(settings.tags ? { tags: { ...settings.tags } } : {}),
    properties: {
      contentType: "text/plain",
      attributes: { enabled: settings.enabled ?? true, created: at(-90), updated: at(-90), ...(settings.expiresInDays === undefined ? {} : { exp: at(settings.expiresInDays) }) },
      secretUri,
      secretUriWithVersion: `${secretUri}/${guidFrom(`${vault.id}/secrets/${name}`).replace(/-/g, "")}`,
    },
  };
}

/** A managed HSM (the 2024-11-01 GET example's shape). */
export function managedHsm(place: Place, name: string, settings: Common & { enablePurgeProtection?: boolean; publicNetworkAccess?: "Enabled" | "Disabled" }): ArmDocument {
  return tracked(place, "Microsoft.KeyVault/managedHSMs", name, settings, {
    sku: { family: "B", name: "Standard_B1" },
    properties: {
      tenantId: DEMO_TENANT_ID,
      initialAdminObjectIds: [guidFrom(`${name}-admin`)],
      hsmUri: `https://${name}.managedhsm.azure.net`,
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      enablePurgeProtection: settings.enablePurgeProtection ?? false,
      provisioningState: "Succeeded",
      publicNetworkAccess: settings.publicNetworkAccess ?? "Enabled",
      networkAcls: { bypass: "AzureServices", defaultAction: "Allow", ipRules: [], virtualNetworkRules: [] },
    },
  });
}
