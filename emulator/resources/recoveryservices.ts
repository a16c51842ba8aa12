import type { ResourceTypeSpec } from "./spec.ts";

const PROTECTED_ITEM = "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems";

/**
 * arm-recoveryservices 7 (modular) for vaults; arm-recoveryservicesbackup 12 (classic, its own
 * api-version) for protected items. A protected item lives at
 * `vaults/{v}/backupFabrics/Azure/protectionContainers/{c}/protectedItems/{i}` (names with
 * semicolons: `VM;iaasvmcontainerv2;rg;vm`), but the vault lists them all at one path,
 * `vaults/{v}/backupProtectedItems`; protected items report `protectionState`, not
 * `provisioningState`.
 */
export const recoveryServicesSpecs: ResourceTypeSpec[] = [
  { type: "Microsoft.RecoveryServices/vaults", put: { lro: true }, patch: { lro: true } },
  { type: PROTECTED_ITEM, put: { lro: false, createdStatus: 200 }, provisioningState: false },
  { type: "Microsoft.RecoveryServices/vaults/backupProtectedItems", gathers: PROTECTED_ITEM },
];
