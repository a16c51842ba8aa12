import { evaluateMinimumTls } from "../checks.ts";
import { setPropertyFix } from "../fixes.ts";
import type { Control } from "../types.ts";

const PATH = "properties.minimalTlsVersion";

export const sqlMinTls: Control = {
  id: "sql.min-tls",
  title: "SQL logical server requires TLS 1.2 or newer",
  severity: "high",
  stage: "in-transit",
  resourceTypes: ["Microsoft.Sql/servers"],
  minClassification: "public",
  defaultDecision: "remediate",
  evaluate: (doc) =>
    evaluateMinimumTls(doc, {
      path: PATH,
      expected: "1.2 or 1.3",
      noMinimum: ["None"],
      whenAbsent: { assume: "None", because: "a server without minimalTlsVersion enforces no minimum" },
    }),
  fix: setPropertyFix("safe", PATH, "1.2", "Set minimalTlsVersion to 1.2"),
  refs: { waf: "SE:07", mcsb: "DP-3", policy: "32e6bbec-16b6-44c2-be37-c5b672d103cf", psrule: "Azure.SQL.MinTLS" },
};
