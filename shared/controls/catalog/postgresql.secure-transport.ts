import { evaluateOneOf } from "../checks.ts";
import { setPropertyFix } from "../fixes.ts";
import { isParameter, PARAMETER_NOT_SET, PARAMETER_VALUE } from "../server-parameters.ts";
import type { Control } from "../types.ts";

export const postgresqlSecureTransport: Control = {
  id: "postgresql.secure-transport",
  title: "PostgreSQL flexible server accepts only TLS connections (require_secure_transport)",
  severity: "high",
  stage: "in-transit",
  resourceTypes: ["Microsoft.DBforPostgreSQL/flexibleServers/configurations"],
  appliesTo: isParameter("require_secure_transport"),
  minClassification: "public",
  defaultDecision: "remediate",
  evaluate: (doc) => evaluateOneOf(doc, { path: PARAMETER_VALUE, allowed: ["on"], expected: "on", whenAbsent: { unknown: PARAMETER_NOT_SET } }),
  fix: setPropertyFix("safe", PARAMETER_VALUE, "on", "Set require_secure_transport to on (a dynamic parameter: no restart)"),
  refs: { waf: "SE:07", mcsb: "DP-3", policy: "c29c38cb-74a7-4505-9a06-e588ab86620a" },
};
