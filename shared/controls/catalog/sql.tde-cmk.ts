import { evaluateOneOf } from "../checks.ts";
import type { Control } from "../types.ts";

export const sqlTdeCmk: Control = {
  id: "sql.tde-cmk",
  title: "SQL server protects its TDE keys with a customer-managed key",
  severity: "medium",
  stage: "at-rest",
  resourceTypes: ["Microsoft.Sql/servers/encryptionProtector"],
  minClassification: "confidential",
  defaultDecision: "ticket",
  evaluate: (doc) =>
    evaluateOneOf(doc, {
      path: "properties.serverKeyType",
      allowed: ["AzureKeyVault"],
      expected: "AzureKeyVault",
      whenAbsent: { assume: "ServiceManaged", because: "a server uses a service-managed TDE protector until a Key Vault key is set" },
    }),
  // No fix: the key must first be registered as a server key (another resource) and the server's identity granted on it.
  refs: { waf: "SE:07", mcsb: "DP-5", policy: "0a370ff3-6cab-4e85-8995-295fd854c5b8" },
};
