import { defined, guidFrom, idOf, tracked, type Common, type Place } from "./place.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

const KEY_VERSION = "0767b348bb1a4c07baa6c4ec0055d2b3";

export interface RecoveryVaultSettings extends Common {
  /** The vault whose key encrypts the backups; undefined: platform-managed keys (no `encryption` at all). */
  cmkVault?: string;
  infrastructureEncryption?: "Enabled" | "Disabled";
}

/** A Recovery Services vault; `properties.encryption` appears only once a customer-managed key is set, as in the service. */
export function recoveryServicesVault(place: Place, name: string, settings: RecoveryVaultSettings): ArmDocument {
  const identity = idOf(place, "Microsoft.ManagedIdentity/userAssignedIdentities", `id-${name}`);
  const encryption = settings.cmkVault
    ? {
        encryption: {
          keyVaultProperties: { keyUri: `https://${settings.cmkVault}.vault.azure.net/keys/backup-cmk/${KEY_VERSION}` },
          kekIdentity: { useSystemAssignedIdentity: false, userAssignedIdentity: identity },
          ...defined({ infrastructureEncryption: settings.infrastructureEncryption }),
        },
      }
    : {};
  return tracked(place, "Microsoft.RecoveryServices/vaults", name, settings, {
    etag: `W/"datetime'2026-01-15T12%3A36%3A51.68Z'"`,
    sku: { name: "RS0", tier: "Standard" },
    ...(settings.cmkVault ? { identity: { type: "UserAssigned", userAssignedIdentities: { [identity]: { clientId: guidFrom(`${name}-client`), principalId: guidFrom(`${name}-principal`) } } } } : {}),
    properties: {
      provisioningState: "Succeeded",
      publicNetworkAccess: "Enabled",
      ...encryption,
      securitySettings: { softDeleteSettings: { softDeleteState: "Enabled", softDeleteRetentionPeriodInDays: 14 }, immutabilitySettings: { state: "Disabled" } },
      redundancySettings: { standardTierStorageRedundancy: "GeoRedundant", crossRegionRestore: "Disabled" },
    },
  });
}

/**
 * A VM protected by a Recovery Services vault, as the backup service names it: the container
 * and item names join kind, resource group and VM with semicolons, and `sourceResourceId` is
 * the VM. `workload` "SQLDataBase" is a SQL Server database in that VM.
 */
export function protectedItem(vault: ArmDocument, source: string, workload: "VM" | "SQLDataBase" = "VM"): ArmDocument {
  const [, , , group = "", , , , vm = ""] = source.split("/");
  const container = `${workload === "VM" ? "IaasVMContainer;iaasvmcontainerv2" : "VMAppContainer;Compute"};${group};${vm}`;
  const item = workload === "VM" ? `VM;iaasvmcontainerv2;${group};${vm}` : `SQLDataBase;mssqlserver;${vm}-db`;
  return {
    id: `${vault.id}/backupFabrics/Azure/protectionContainers/${container}/protectedItems/${item}`,
    name: item,
    type: "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems",
    properties: {
      friendlyName: workload === "VM" ? vm : `${vm}-db`,
      protectionStatus: "Healthy",
      protectionState: "Protected",
      lastBackupStatus: "Completed",
      protectedItemType: workload === "VM" ? "Microsoft.Compute/virtualMachines" : "AzureVmWorkloadSQLDatabase",
      backupManagementType: workload === "VM" ? "AzureIaasVM" : "AzureWorkload",
      workloadType: workload,
      containerName: container,
      sourceResourceId: source,
      policyId: `${vault.id}/backupPolicies/DefaultPolicy`,
      ...(workload === "VM" ? { virtualMachineId: source } : { serverName: `${vm}.contoso.com`, parentName: "MSSQLSERVER", parentType: "AzureVmWorkloadSQLInstance" }),
    },
  };
}

export interface BackupVaultSettings extends Common {
  cmkVault?: string;
  /** The customer-managed key's state; "Enabled" when a vault is given. */
  state?: "Enabled" | "Disabled";
}

/** A Backup vault (Data Protection) with its security settings, as api-version 2025-07-01 returns them. */
export function backupVault(place: Place, name: string, settings: BackupVaultSettings): ArmDocument {
  const identity = idOf(place, "Microsoft.ManagedIdentity/userAssignedIdentities", `id-${name}`);
  const encryptionSettings = settings.cmkVault
    ? {
        encryptionSettings: {
          state: settings.state ?? "Enabled",
          keyVaultProperties: { keyUri: `https://${settings.cmkVault}.vault.azure.net/keys/backup-cmk/${KEY_VERSION}` },
          kekIdentity: { identityType: "UserAssigned", identityId: identity },
          infrastructureEncryption: "Disabled",
        },
      }
    : {};
  return tracked(place, "Microsoft.DataProtection/backupVaults", name, settings, {
    identity: { type: "SystemAssigned", principalId: guidFrom(`${name}-principal`), tenantId: guidFrom("tenant") },
    properties: {
      provisioningState: "Succeeded",
      securitySettings: { softDeleteSettings: { state: "On", retentionDurationInDays: 14 }, immutabilitySettings: { state: "Disabled" }, ...encryptionSettings },
      storageSettings: [{ datastoreType: "VaultStore", type: "LocallyRedundant" }],
    },
  });
}

/** A backup instance of a Backup vault: `dataSourceInfo` names what is backed up, `dataSourceSetInfo` what it lives in. */
export function backupInstance(vault: ArmDocument, name: string, source: { id: string; datasourceType: string; set?: string }): ArmDocument {
  const info = (id: string, objectType: string) => ({
    resourceID: id,
    resourceUri: "",
    datasourceType: source.datasourceType,
    resourceName: id.split("/").at(-1),
    resourceType: id
      .split("/")
      .slice(6, -1)
      .filter((_, i) => i % 2 === 0)
      .join("/"),
    resourceLocation: vault.location,
    objectType,
  });
  return {
    id: `${vault.id}/backupInstances/${name}`,
    name,
    type: "Microsoft.DataProtection/backupVaults/backupInstances",
    properties: {
      friendlyName: name,
      dataSourceInfo: info(source.id, "Datasource"),
      ...(source.set ? { dataSourceSetInfo: info(source.set, "DatasourceSet") } : {}),
      policyInfo: { policyId: `${vault.id}/backupPolicies/daily`, policyVersion: "1.0" },
      protectionStatus: { status: "ProtectionConfigured" },
      provisioningState: "Succeeded",
      objectType: "BackupInstance",
    },
  };
}
