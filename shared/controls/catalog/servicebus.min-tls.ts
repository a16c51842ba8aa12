import { evaluateMinimumTls } from "../checks.ts";
import { setPropertyFix } from "../fixes.ts";
import type { Control } from "../types.ts";

const PATH = "properties.minimumTlsVersion";

export const servicebusMinTls: Control = {
  id: "servicebus.min-tls",
  title: "Service Bus namespace requires TLS 1.2 or newer",
  severity: "high",
  stage: "in-transit",
  resourceTypes: ["Microsoft.ServiceBus/namespaces"],
  minClassification: "public",
  defaultDecision: "remediate",
  evaluate: (doc) =>
    evaluateMinimumTls(doc, {
      path: PATH,
      expected: "1.2 or higher",
      // The typed Service Bus client (2021-11-01) drops this property; the collector reads the namespace generically.
      whenAbsent: { unknown: "minimumTlsVersion is not in the document: it was read with an api-version or client that does not carry it" },
    }),
  fix: setPropertyFix("safe", PATH, "1.2", "Set minimumTlsVersion to 1.2"),
  refs: { waf: "SE:07", mcsb: "DP-3", psrule: "Azure.ServiceBus.MinTLS" },
};
