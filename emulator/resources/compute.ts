import type { ResourceTypeSpec } from "./spec.ts";

/** arm-compute 25 (modular): create and update of disks, VMs and scale sets are LROs with rlc "location". */
export const computeSpecs: ResourceTypeSpec[] = [
  { type: "Microsoft.Compute/disks", put: { lro: true }, patch: { lro: true } },
  { type: "Microsoft.Compute/virtualMachines", put: { lro: true }, patch: { lro: true } },
  { type: "Microsoft.Compute/virtualMachineScaleSets", put: { lro: true }, patch: { lro: true } },
  // A disk encryption set's activeKey names its vault (sourceVault.id) and key URL.
  { type: "Microsoft.Compute/diskEncryptionSets", put: { lro: true }, patch: { lro: true } },
];
