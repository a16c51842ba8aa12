import { defined, guidFrom, idOf, tracked, type Common, type Place } from "./place.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

export type DiskEncryptionType = "EncryptionAtRestWithPlatformKey" | "EncryptionAtRestWithCustomerKey" | "EncryptionAtRestWithPlatformAndCustomerKeys";

export interface DiskSettings extends Common {
  encryption: DiskEncryptionType;
}

export function managedDisk(place: Place, name: string, settings: DiskSettings): ArmDocument {
  const withKey = settings.encryption !== "EncryptionAtRestWithPlatformKey";
  return tracked(place, "Microsoft.Compute/disks", name, settings, {
    sku: { name: "Premium_LRS", tier: "Premium" },
    properties: {
      creationData: { createOption: "Empty" },
      diskSizeGB: 128,
      diskIOPSReadWrite: 500,
      diskMBpsReadWrite: 100,
      diskState: "Unattached",
      provisioningState: "Succeeded",
      networkAccessPolicy: "AllowAll",
      publicNetworkAccess: "Enabled",
      encryption: {
        type: settings.encryption,
        ...(withKey ? { diskEncryptionSetId: idOf(place, "Microsoft.Compute/diskEncryptionSets", "des-guard") } : {}),
      },
    },
  });
}

export interface VmSettings extends Common {
  encryptionAtHost?: boolean;
  securityType?: "TrustedLaunch" | "ConfidentialVM";
  secureBoot?: boolean;
  vTpm?: boolean;
  /** A confidential VM's OS disk encryption. */
  osDiskSecurityEncryptionType?: "DiskWithVMGuestState" | "VMGuestStateOnly";
  dataDisks?: number;
}

export function virtualMachine(place: Place, name: string, settings: VmSettings): ArmDocument {
  const security = defined({
    encryptionAtHost: settings.encryptionAtHost,
    securityType: settings.securityType,
    uefiSettings: settings.securityType ? { secureBootEnabled: settings.secureBoot ?? true, vTpmEnabled: settings.vTpm ?? true } : undefined,
  });
  const managedDisk = {
    storageAccountType: "Premium_LRS",
    id: idOf(place, "Microsoft.Compute/disks", `${name}_OsDisk_1`),
    ...(settings.osDiskSecurityEncryptionType ? { securityProfile: { securityEncryptionType: settings.osDiskSecurityEncryptionType } } : {}),
  };
  return tracked(place, "Microsoft.Compute/virtualMachines", name, settings, {
    properties: {
      vmId: "0f47b100-583c-48e3-a4c0-aefc2c9bbcc1",
      provisioningState: "Succeeded",
      hardwareProfile: { vmSize: settings.securityType === "ConfidentialVM" ? "Standard_DC2as_v5" : "Standard_D2s_v5" },
      storageProfile: {
        imageReference: { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" },
        osDisk: { osType: "Linux", name: `${name}_OsDisk_1`, createOption: "FromImage", caching: "ReadWrite", diskSizeGB: 30, managedDisk },
        dataDisks: Array.from({ length: settings.dataDisks ?? 0 }, (_, lun) => ({
          lun,
          name: `${name}_DataDisk_${lun}`,
          createOption: "Empty",
          diskSizeGB: 64,
          managedDisk: { storageAccountType: "Premium_LRS", id: idOf(place, "Microsoft.Compute/disks", `${name}_DataDisk_${lun}`) },
        })),
      },
      osProfile: { computerName: name, adminUsername: "azureuser", linuxConfiguration: { disablePasswordAuthentication: true } },
      networkProfile: { networkInterfaces: [{ id: idOf(place, "Microsoft.Network/networkInterfaces", `${name}-nic`), properties: { primary: true } }] },
      ...(Object.keys(security).length > 0 ? { securityProfile: security } : {}),
    },
  });
}

export interface ScaleSetSettings extends Common {
  encryptionAtHost?: boolean;
  /** The disk encryption set every managed disk of the model names; undefined: platform-managed keys. */
  diskEncryptionSet?: string;
  dataDisks?: number;
  /** A Flexible scale set created without a VM model. */
  withoutModel?: boolean;
}

/** A Uniform scale set and its VM model (`virtualMachineProfile`), or a Flexible one without a model. */
export function scaleSet(place: Place, name: string, settings: ScaleSetSettings): ArmDocument {
  const managedDisk = {
    storageAccountType: "Premium_LRS",
    ...(settings.diskEncryptionSet ? { diskEncryptionSet: { id: idOf(place, "Microsoft.Compute/diskEncryptionSets", settings.diskEncryptionSet) } } : {}),
  };
  const profile = {
    osProfile: { computerNamePrefix: name.slice(0, 9), adminUsername: "azureuser", linuxConfiguration: { disablePasswordAuthentication: true } },
    storageProfile: {
      imageReference: { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" },
      osDisk: { osType: "Linux", createOption: "FromImage", caching: "ReadWrite", diskSizeGB: 30, managedDisk },
      dataDisks: Array.from({ length: settings.dataDisks ?? 0 }, (_, lun) => ({ lun, createOption: "Empty", caching: "None", diskSizeGB: 64, managedDisk })),
    },
    networkProfile: {
      networkInterfaceConfigurations: [
        {
          name: `${name}-nic`,
          properties: { primary: true, ipConfigurations: [{ name: "ipconfig1", properties: { subnet: { id: `${idOf(place, "Microsoft.Network/virtualNetworks", "vnet-guard")}/subnets/default` } } }] },
        },
      ],
    },
    ...(settings.encryptionAtHost === undefined ? {} : { securityProfile: { encryptionAtHost: settings.encryptionAtHost } }),
  };
  return tracked(place, "Microsoft.Compute/virtualMachineScaleSets", name, settings, {
    sku: { name: "Standard_D2s_v5", tier: "Standard", capacity: 3 },
    properties: {
      provisioningState: "Succeeded",
      uniqueId: guidFrom(name),
      orchestrationMode: settings.withoutModel ? "Flexible" : "Uniform",
      ...(settings.withoutModel ? { platformFaultDomainCount: 1 } : { upgradePolicy: { mode: "Manual" }, overprovision: true, singlePlacementGroup: true, virtualMachineProfile: profile }),
    },
  });
}

export interface DiskEncryptionSetSettings extends Common {
  /** The vault and key the set wraps its disks' keys with. */
  vault: ArmDocument;
  key: string;
  /** A pinned key version; absent: the key's URL without a version. */
  keyVersion?: string;
  rotationToLatestKeyVersionEnabled?: boolean;
}

/** A disk encryption set (the 2025-01-02 GET example's shape): `activeKey` names the vault and the key URL. */
export function diskEncryptionSet(place: Place, name: string, settings: DiskEncryptionSetSettings): ArmDocument {
  const keyUrl = `https://${settings.vault.name}.vault.azure.net/keys/${settings.key}${settings.keyVersion ? `/${settings.keyVersion}` : ""}`;
  return tracked(place, "Microsoft.Compute/diskEncryptionSets", name, settings, {
    identity: { type: "SystemAssigned", principalId: guidFrom(`${name}-principal`), tenantId: guidFrom("tenant") },
    properties: {
      activeKey: { sourceVault: { id: settings.vault.id }, keyUrl },
      encryptionType: "EncryptionAtRestWithCustomerKey",
      previousKeys: [],
      provisioningState: "Succeeded",
      ...defined({ rotationToLatestKeyVersionEnabled: settings.rotationToLatestKeyVersionEnabled }),
    },
  });
}
