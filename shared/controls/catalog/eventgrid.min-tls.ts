import { evaluateMinimumTls } from "../checks.ts";
import { setPropertyFix } from "../fixes.ts";
import type { Control } from "../types.ts";

const PATH = "properties.minimumTlsVersionAllowed";

export const eventgridMinTls: Control = {
  id: "eventgrid.min-tls",
  title: "Event Grid topic or domain requires TLS 1.2 or newer",
  severity: "high",
  stage: "in-transit",
  resourceTypes: ["Microsoft.EventGrid/topics", "Microsoft.EventGrid/domains"],
  minClassification: "public",
  defaultDecision: "remediate",
  evaluate: (doc) =>
    evaluateMinimumTls(doc, {
      path: PATH,
      expected: "1.2 or higher",
      // The typed Event Grid client (2022-06-15) predates this property; the collector reads topics and domains generically.
      whenAbsent: { unknown: "minimumTlsVersionAllowed is not in the document: it was read with an api-version or client that does not carry it" },
    }),
  fix: setPropertyFix("safe", PATH, "1.2", "Set minimumTlsVersionAllowed to 1.2"),
  refs: { waf: "SE:07", mcsb: "DP-3", psrule: "Azure.EventGrid.TopicTLS" },
};
