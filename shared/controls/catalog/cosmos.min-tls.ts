import { evaluateMinimumTls } from "../checks.ts";
import { setPropertyFix } from "../fixes.ts";
import type { Control } from "../types.ts";

const PATH = "properties.minimalTlsVersion";

export const cosmosMinTls: Control = {
  id: "cosmos.min-tls",
  title: "Cosmos DB account requires TLS 1.2 or newer",
  severity: "high",
  stage: "in-transit",
  resourceTypes: ["Microsoft.DocumentDB/databaseAccounts"],
  minClassification: "public",
  defaultDecision: "remediate",
  evaluate: (doc) =>
    evaluateMinimumTls(doc, {
      path: PATH,
      expected: "Tls12 or higher",
      whenAbsent: { assume: "Tls12", because: "Tls12 is the current default for accounts without an explicit minimum" },
    }),
  fix: setPropertyFix("safe", PATH, "Tls12", "Set minimalTlsVersion to Tls12"),
  refs: { waf: "SE:07", mcsb: "DP-3", psrule: "Azure.Cosmos.MinTLS" },
};
