import { defined, idOf, tracked, type Common, type Place } from "./place.ts";
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
