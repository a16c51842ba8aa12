import { objectExpiry } from "../keys.ts";
import type { Control } from "../types.ts";

export const keyvaultKeyExpiry: Control = {
  id: "keyvault.key-expiry",
  title: "Key Vault key has an expiration date",
  severity: "medium",
  stage: "key-management",
  resourceTypes: ["Microsoft.KeyVault/vaults/keys"],
  minClassification: "public",
  defaultDecision: "ticket",
  evaluate: (doc) => objectExpiry(doc, "key"),
  // No fix: setting an expiry can cause the very outage it guards against. A person sets it with a rotation policy.
  refs: { waf: "SE:07", mcsb: "DP-6", policy: "152b15f7-8e1f-4c1f-ab71-8c010ba5dbc0" },
};
