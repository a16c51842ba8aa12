import { evaluateOneOf } from "../checks.ts";
import type { Control } from "../types.ts";

export const sqlmiTdeCmk: Control = {
  id: "sqlmi.tde-cmk",
  title: "SQL Managed Instance protects its TDE keys with a customer-managed key",
  severity: "medium",
  stage: "at-rest",
  resourceTypes: ["Microsoft.Sql/managedInstances/encryptionProtector"],
  minClassification: "confidential",
  defaultDecision: "ticket",
  evaluate: (doc) =>
    evaluateOneOf(doc, {
      path: "properties.serverKeyType",
      allowed: ["AzureKeyVault"],
      expected: "AzureKeyVault",
      whenAbsent: { assume: "ServiceManaged", because: "an instance uses a service-managed TDE protector until a Key Vault key is set" },
    }),
  // No fix: the key must first be added as an instance key and the instance's identity granted on it.
  refs: { waf: "SE:07", mcsb: "DP-5", policy: "ac01ad65-10e5-46df-bdd9-6b0cad13e1d2" },
};
