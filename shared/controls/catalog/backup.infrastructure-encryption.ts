import { evaluateOneOf } from "../checks.ts";
import type { Control } from "../types.ts";

export const backupInfrastructureEncryption: Control = {
  id: "backup.infrastructure-encryption",
  title: "Recovery Services vault encrypts backups twice (infrastructure encryption)",
  severity: "low",
  stage: "at-rest",
  resourceTypes: ["Microsoft.RecoveryServices/vaults"],
  minClassification: "highly-confidential",
  defaultDecision: "ticket",
  evaluate: (doc) =>
    evaluateOneOf(doc, {
      path: "properties.encryption.infrastructureEncryption",
      allowed: ["Enabled"],
      expected: "Enabled",
      whenAbsent: { assume: "Disabled", because: "infrastructure encryption is off unless it was chosen with the vault's customer-managed key, before anything was protected" },
    }),
  // No fix: it is chosen once, with the customer-managed key on a vault that protects nothing.
  refs: { waf: "SE:07", mcsb: "DP-4" },
};
