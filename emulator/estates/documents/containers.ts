import { defined, idOf, tracked, type Common, type Place } from "./place.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

export interface ClusterSettings extends Common {
  /** One agent pool per entry, with its `enableEncryptionAtHost` (undefined: absent). */
  pools: Array<boolean | undefined>;
  /** The vault of the KMS key; undefined: no `azureKeyVaultKms`. */
  kmsVault?: string;
  diskEncryptionSet?: string;
}

/** An AKS cluster with its agent pools inline, as a cluster GET returns them. */
export function managedCluster(place: Place, name: string, settings: ClusterSettings): ArmDocument {
  const pools = settings.pools.map((encryptionAtHost, index) => ({
    name: index === 0 ? "system" : `user${index}`,
    count: 3,
    vmSize: "Standard_D4s_v5",
    osDiskSizeGB: 128,
    osDiskType: "Managed",
    osType: "Linux",
    osSKU: "AzureLinux",
    type: "VirtualMachineScaleSets",
    mode: index === 0 ? "System" : "User",
    orchestratorVersion: "1.32.4",
    provisioningState: "Succeeded",
    powerState: { code: "Running" },
    ...defined({ enableEncryptionAtHost: encryptionAtHost }),
  }));
  const kms = settings.kmsVault
    ? { azureKeyVaultKms: { enabled: true, keyId: `https://${settings.kmsVault}.vault.azure.net/keys/aks-kms/4f2c9a1e7b3d4e5f8a9b0c1d2e3f4a5b`, keyVaultNetworkAccess: "Public" } }
    : {};
  return tracked(place, "Microsoft.ContainerService/managedClusters", name, settings, {
    sku: { name: "Base", tier: "Standard" },
    identity: { type: "SystemAssigned" },
    properties: {
      provisioningState: "Succeeded",
      powerState: { code: "Running" },
      kubernetesVersion: "1.32.4",
      dnsPrefix: name,
      fqdn: `${name}-dns.hcp.${place.location}.azmk8s.io`,
      agentPoolProfiles: pools,
      enableRBAC: true,
      nodeResourceGroup: `MC_${place.resourceGroup}_${name}_${place.location}`,
      networkProfile: { networkPlugin: "azure", networkPolicy: "cilium", loadBalancerSku: "standard" },
      securityProfile: { ...kms },
      ...(settings.diskEncryptionSet ? { diskEncryptionSetID: idOf(place, "Microsoft.Compute/diskEncryptionSets", settings.diskEncryptionSet) } : {}),
    },
  });
}
