import { idSegmentAfter, isMissing, lower, propertiesOf, unreadable, valueAt, verdict } from "../evidence.ts";
import { setPropertyFix } from "../fixes.ts";
import type { Control, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const STATE = "properties.state";
/** api-version 2014-04-01 named the same property `status`. */
const LEGACY_STATUS = "properties.status";
const EXPECTED = "Enabled";

function evaluateTde(doc: ArmDocument): Verdict {
  // A TDE GET answers with the database's id (its name is `current`), so the database comes from the id.
  const database = idSegmentAfter(doc.id, "databases");
  if (lower(database) === "master") {
    return verdict("not-applicable", "id", database, "a user database", "TDE does not apply to the master system database");
  }
  if (!propertiesOf(doc)) return unreadable(STATE, EXPECTED);
  const state = valueAt(doc, STATE);
  const path = isMissing(state) && !isMissing(valueAt(doc, LEGACY_STATUS)) ? LEGACY_STATUS : STATE;
  const actual = valueAt(doc, path);
  if (isMissing(actual)) return verdict("unknown", path, actual, EXPECTED, "neither state nor status is in the document");
  const value = lower(actual);
  if (value === "enabled") return verdict("compliant", path, actual, EXPECTED);
  if (value === "disabled") return verdict("noncompliant", path, actual, EXPECTED);
  return verdict("unknown", path, actual, EXPECTED, "not a TDE state this control can read");
}

export const sqlTde: Control = {
  id: "sql.tde",
  title: "SQL database encrypts data at rest with transparent data encryption",
  severity: "critical",
  stage: "at-rest",
  resourceTypes: ["Microsoft.Sql/servers/databases/transparentDataEncryption"],
  minClassification: "public",
  defaultDecision: "remediate",
  evaluate: evaluateTde,
  // The fix always writes `state`, the name every current api-version and SDK sends; `state` is read first.
  fix: setPropertyFix("safe", STATE, "Enabled", "Enable transparent data encryption (state Enabled)"),
  refs: { waf: "SE:07", mcsb: "DP-4", policy: "17k78e20-9358-41c9-923c-fb736d382a12", psrule: "Azure.SQL.TDE" },
};
