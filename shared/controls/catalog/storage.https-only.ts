import { evaluateFlag } from "../checks.ts";
import { setPropertyFix } from "../fixes.ts";
import type { Control } from "../types.ts";

const PATH = "properties.supportsHttpsTrafficOnly";

export const storageHttpsOnly: Control = {
  id: "storage.https-only",
  title: "Storage account accepts only encrypted connections (secure transfer required)",
  severity: "high",
  stage: "in-transit",
  resourceTypes: ["Microsoft.Storage/storageAccounts"],
  minClassification: "public",
  defaultDecision: "remediate",
  evaluate: (doc) =>
    evaluateFlag(doc, {
      path: PATH,
      want: true,
      expected: "true",
      // Every storage GET returns the flag; a document without it was cut short somewhere else.
      whenAbsent: { unknown: "supportsHttpsTrafficOnly is not in the document, so the account's setting cannot be told" },
    }),
  fix: setPropertyFix("safe", PATH, true, "Set supportsHttpsTrafficOnly to true (secure transfer required)"),
  refs: { waf: "SE:07", mcsb: "DP-3", policy: "404c3081-a854-4457-ae30-26a93ef643f9", psrule: "Azure.Storage.SecureTransfer" },
};
