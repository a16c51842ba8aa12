import { evaluateMinimumTls } from "../checks.ts";
import { setPropertyFix } from "../fixes.ts";
import { isParameter, PARAMETER_NOT_SET, PARAMETER_VALUE } from "../server-parameters.ts";
import type { Control } from "../types.ts";

export const postgresqlMinTls: Control = {
  id: "postgresql.min-tls",
  title: "PostgreSQL flexible server requires TLS 1.2 or newer (ssl_min_protocol_version)",
  severity: "high",
  stage: "in-transit",
  resourceTypes: ["Microsoft.DBforPostgreSQL/flexibleServers/configurations"],
  appliesTo: isParameter("ssl_min_protocol_version"),
  minClassification: "public",
  defaultDecision: "remediate",
  evaluate: (doc) => evaluateMinimumTls(doc, { path: PARAMETER_VALUE, expected: "TLSv1.2 or TLSv1.3", whenAbsent: { unknown: PARAMETER_NOT_SET } }),
  fix: setPropertyFix("safe", PARAMETER_VALUE, "TLSv1.2", "Set ssl_min_protocol_version to TLSv1.2"),
  refs: { waf: "SE:07", mcsb: "DP-3" },
};
