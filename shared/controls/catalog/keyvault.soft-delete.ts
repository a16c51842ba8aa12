import { evaluateFlag } from "../checks.ts";
import { setPropertyFix } from "../fixes.ts";
import type { Control } from "../types.ts";

const PATH = "properties.enableSoftDelete";

export const keyvaultSoftDelete: Control = {
  id: "keyvault.soft-delete",
  title: "Key vault keeps deleted vaults and objects recoverable (soft delete)",
  severity: "high",
  stage: "key-management",
  resourceTypes: ["Microsoft.KeyVault/vaults", "Microsoft.KeyVault/managedHSMs"],
  minClassification: "public",
  defaultDecision: "ticket",
  evaluate: (doc) =>
    evaluateFlag(doc, {
      path: PATH,
      want: true,
      expected: "not false",
      whenAbsent: { assume: true, because: "the platform enforces soft delete on every vault; only an explicit false is a legacy vault without it" },
    }),
  // Irreversible: once on, soft delete can never be turned off again.
  fix: setPropertyFix("irreversible", PATH, true, "Enable soft delete (it cannot be disabled afterwards)"),
  refs: { waf: "SE:07", mcsb: "DP-8", policy: "1e66c121-a66a-4b1f-9b83-0fd99bf0fc2d", psrule: "Azure.KeyVault.SoftDelete" },
};
