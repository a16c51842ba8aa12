import { objectExpiry } from "../keys.ts";
import type { Control } from "../types.ts";

export const keyvaultSecretExpiry: Control = {
  id: "keyvault.secret-expiry",
  title: "Key Vault secret has an expiration date",
  severity: "medium",
  stage: "key-management",
  resourceTypes: ["Microsoft.KeyVault/vaults/secrets"],
  minClassification: "public",
  defaultDecision: "ticket",
  // Only the secret's metadata is read (ARM never returns a value); no fix: the owner rotates the secret and sets its expiry.
  evaluate: (doc) => objectExpiry(doc, "secret"),
  refs: { waf: "SE:07", mcsb: "DP-6", policy: "98728c90-32c7-4049-8429-847dc0f4fe37" },
};
