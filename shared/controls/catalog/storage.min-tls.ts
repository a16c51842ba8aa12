import { properties, setTo, verdict } from "../evidence.ts";
import { isTlsAtLeast } from "../tls.ts";
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
  evaluate(doc) {
    // The API documents an absent value as TLS1_0, so absence is non-compliant, not unknown.
    const actual = properties(doc).minimumTlsVersion;
    return verdict(isTlsAtLeast(actual ?? "TLS1_0", 1.2) ? "compliant" : "noncompliant", PATH, actual, "TLS1_2 or TLS1_3");
  },
  fix: {
    safety: "safe",
    plan: (doc) => ({ changes: [setTo(doc, PATH, "TLS1_2")], summary: "Set minimumTlsVersion to TLS1_2" }),
  },
  refs: { waf: "SE:07", mcsb: "DP-3", policy: "fe83a0eb-a853-422d-aac2-1bffd182c5d0", psrule: "Azure.Storage.MinTLS" },
};
