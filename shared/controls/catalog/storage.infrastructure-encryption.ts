import { evaluateFlag } from "../checks.ts";
import type { Control } from "../types.ts";

export const storageInfrastructureEncryption: Control = {
  id: "storage.infrastructure-encryption",
  title: "Storage account encrypts data twice (infrastructure encryption)",
  severity: "low",
  stage: "at-rest",
  resourceTypes: ["Microsoft.Storage/storageAccounts"],
  minClassification: "highly-confidential",
  defaultDecision: "ticket",
  evaluate: (doc) =>
    evaluateFlag(doc, {
      path: "properties.encryption.requireInfrastructureEncryption",
      want: true,
      expected: "true",
      whenAbsent: { assume: false, because: "infrastructure encryption is off unless it was requested when the account was created" },
    }),
  // No fix: the setting can only be chosen when the account is created; the data has to move to a new account.
  refs: { waf: "SE:07", mcsb: "DP-4", policy: "4733ea7b-a883-42fe-8cac-97454c2a9e4a" },
};
