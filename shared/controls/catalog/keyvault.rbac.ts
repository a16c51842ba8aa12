import { evaluateFlag } from "../checks.ts";
import { setPropertyFix } from "../fixes.ts";
import type { Control } from "../types.ts";

const PATH = "properties.enableRbacAuthorization";

export const keyvaultRbac: Control = {
  id: "keyvault.rbac",
  title: "Key vault authorizes data access with Azure RBAC, not access policies",
  severity: "medium",
  stage: "key-management",
  resourceTypes: ["Microsoft.KeyVault/vaults"],
  minClassification: "public",
  defaultDecision: "ticket",
  evaluate: (doc) =>
    evaluateFlag(doc, {
      path: PATH,
      want: true,
      expected: "true",
      whenAbsent: { assume: false, because: "a vault without the flag uses access policies (RBAC is the default only for vaults created with api-version 2026-02-01 or later, which return the flag)" },
    }),
  // Disruptive: principals that only hold access policies lose data-plane access the moment it flips.
  fix: setPropertyFix("disruptive", PATH, true, "Switch the vault to Azure RBAC authorization (access policies stop applying)"),
  refs: { waf: "SE:07", mcsb: "PA-7", policy: "12d4fa5e-1f9f-4c21-97a9-b99b3c6611b5", psrule: "Azure.KeyVault.RBAC" },
};
