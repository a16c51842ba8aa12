import { asBoolean, isMissing, propertiesOf, unreadable, valueAt, verdict } from "../evidence.ts";
import { setPropertyFix } from "../fixes.ts";
import { isParameter, PARAMETER_NOT_SET, PARAMETER_VALUE } from "../server-parameters.ts";
import { tlsVersionNumber } from "../tls.ts";
import type { Control, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const EXPECTED = "only TLSv1.2 and/or TLSv1.3";

/** `tls_version` is a list (`TLSv1.2,TLSv1.3`): every version it enables must be 1.2 or newer. */
function evaluateTlsVersionList(doc: ArmDocument): Verdict {
  if (!propertiesOf(doc)) return unreadable(PARAMETER_VALUE, EXPECTED);
  const value = valueAt(doc, PARAMETER_VALUE);
  if (isMissing(value)) return verdict("unknown", PARAMETER_VALUE, value, EXPECTED, PARAMETER_NOT_SET);
  if (typeof value !== "string") return verdict("unknown", PARAMETER_VALUE, value, EXPECTED, "the value is not a string");
  const versions = value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "")
    .map(tlsVersionNumber);
  if (versions.length === 0 || versions.includes(undefined)) {
    return verdict("unknown", PARAMETER_VALUE, value, EXPECTED, "the value is not a list of TLS versions this control can read");
  }
  if (versions.some((version) => version !== undefined && version < 1.2)) return verdict("noncompliant", PARAMETER_VALUE, value, EXPECTED);
  // A static parameter changes on the next restart; the write itself already says where the server is heading.
  const pendingRestart = asBoolean(valueAt(doc, "properties.isConfigPendingRestart")) === true;
  return verdict("compliant", PARAMETER_VALUE, value, EXPECTED, pendingRestart ? "takes effect when the server restarts (static parameter)" : undefined);
}

export const mysqlMinTls: Control = {
  id: "mysql.min-tls",
  title: "MySQL flexible server enables only TLS 1.2 or newer (tls_version)",
  severity: "high",
  stage: "in-transit",
  resourceTypes: ["Microsoft.DBforMySQL/flexibleServers/configurations"],
  appliesTo: isParameter("tls_version"),
  minClassification: "public",
  defaultDecision: "remediate",
  evaluate: evaluateTlsVersionList,
  // TLSv1.2 alone: MySQL 5.7 servers reject TLSv1.3 in the list.
  fix: setPropertyFix("safe", PARAMETER_VALUE, "TLSv1.2", "Set tls_version to TLSv1.2 (a static parameter: it takes effect when the server restarts)"),
  refs: { waf: "SE:07", mcsb: "DP-3" },
};
