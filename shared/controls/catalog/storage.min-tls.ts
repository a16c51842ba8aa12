import { evaluateMinimumTls } from "../checks.ts";
import { setPropertyFix } from "../fixes.ts";
import type { Control } from "../types.ts";

const PATH = "properties.minimumTlsVersion";

export const storageMinTls: Control = {
  id: "storage.min-tls",
  title: "Storage account requires TLS 1.2 or newer",
  severity: "high",
  stage: "in-transit",
  resourceTypes: ["Microsoft.Storage/storageAccounts"],
  minClassification: "public",
  defaultDecision: "remediate",
  evaluate: (doc) =>
    evaluateMinimumTls(doc, {
      path: PATH,
      expected: "TLS1_2 or TLS1_3",
      whenAbsent: { assume: "TLS1_0", because: "the Storage API documents an absent minimumTlsVersion as TLS1_0" },
    }),
  fix: setPropertyFix("safe", PATH, "TLS1_2", "Set minimumTlsVersion to TLS1_2"),
  refs: { waf: "SE:07", mcsb: "DP-3", policy: "fe83a0eb-a853-422d-aac2-1bffd182c5d0", psrule: "Azure.Storage.MinTLS" },
};
