import type { ResourceTypeSpec } from "./spec.ts";
import type { ArmDocument } from "../../shared/core/index.ts";

/**
 * Backup vaults, reached through the generic resources API. The service answers with the
 * type spelled `Microsoft.DataProtection/Backupvaults` (as in the REST specification's
 * examples), so readers must compare types case-insensitively. Backup instances are a child
 * collection listed under the vault.
 */
export const dataProtectionSpecs: ResourceTypeSpec[] = [
  {
    type: "Microsoft.DataProtection/backupVaults",
    put: { lro: true },
    patch: { lro: true },
    present: (doc: ArmDocument) => ({ ...doc, type: "Microsoft.DataProtection/Backupvaults" }),
  },
  { type: "Microsoft.DataProtection/backupVaults/backupInstances", put: { lro: true } },
];
