import { evaluateMinimumTls } from "../checks.ts";
import { setPropertyFix } from "../fixes.ts";
import type { Control } from "../types.ts";

const PATH = "properties.minimalTlsVersion";

export const sqlmiMinTls: Control = {
  id: "sqlmi.min-tls",
  title: "SQL Managed Instance requires TLS 1.2 or newer",
  severity: "high",
  stage: "in-transit",
  resourceTypes: ["Microsoft.Sql/managedInstances"],
  minClassification: "public",
  defaultDecision: "remediate",
  evaluate: (doc) =>
    evaluateMinimumTls(doc, {
      path: PATH,
      expected: "1.2 or 1.3",
      noMinimum: ["None"],
      // New instances get 1.2, instances from before the setting existed have no minimum: absence cannot say which.
      whenAbsent: { unknown: "no minimalTlsVersion: read the instance at api-version 2020-02-02-preview or later, which returns it" },
    }),
  fix: setPropertyFix("safe", PATH, "1.2", "Set minimalTlsVersion to 1.2"),
  refs: { waf: "SE:07", mcsb: "DP-3", policy: "a8793640-60f7-487c-b5c3-1d37215905c4" },
};
