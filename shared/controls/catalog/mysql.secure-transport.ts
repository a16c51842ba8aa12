import { evaluateOneOf } from "../checks.ts";
import { setPropertyFix } from "../fixes.ts";
import { isParameter, PARAMETER_NOT_SET, PARAMETER_VALUE } from "../server-parameters.ts";
import type { Control } from "../types.ts";

export const mysqlSecureTransport: Control = {
  id: "mysql.secure-transport",
  title: "MySQL flexible server accepts only TLS connections (require_secure_transport)",
  severity: "high",
  stage: "in-transit",
  resourceTypes: ["Microsoft.DBforMySQL/flexibleServers/configurations"],
  appliesTo: isParameter("require_secure_transport"),
  minClassification: "public",
  defaultDecision: "remediate",
  evaluate: (doc) => evaluateOneOf(doc, { path: PARAMETER_VALUE, allowed: ["ON"], expected: "ON", whenAbsent: { unknown: PARAMETER_NOT_SET } }),
  fix: setPropertyFix("safe", PARAMETER_VALUE, "ON", "Set require_secure_transport to ON (a dynamic parameter: no restart)"),
  refs: { waf: "SE:07", mcsb: "DP-3" },
};
