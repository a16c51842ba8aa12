import { evaluateMinimumTls } from "../checks.ts";
import { setPropertyFix } from "../fixes.ts";
import type { Control } from "../types.ts";

const PATH = "properties.minimumTlsVersion";

export const eventhubMinTls: Control = {
  id: "eventhub.min-tls",
  title: "Event Hubs namespace requires TLS 1.2 or newer",
  severity: "high",
  stage: "in-transit",
  resourceTypes: ["Microsoft.EventHub/namespaces"],
  minClassification: "public",
  defaultDecision: "remediate",
  evaluate: (doc) =>
    evaluateMinimumTls(doc, {
      path: PATH,
      expected: "1.2 or higher",
      whenAbsent: { unknown: "minimumTlsVersion is not in the document: it was read with an api-version older than 2021-06-01-preview" },
    }),
  fix: setPropertyFix("safe", PATH, "1.2", "Set minimumTlsVersion to 1.2"),
  refs: { waf: "SE:07", mcsb: "DP-3", psrule: "Azure.EventHub.MinTLS" },
};
