import { isMissing, isNonEmptyString, propertiesOf, unreadable, valueAt, verdict } from "../evidence.ts";
import type { Control, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const PATH = "properties.diskEncryptionSetID";
const EXPECTED = "the id of a disk encryption set";

function evaluateDiskCmk(doc: ArmDocument): Verdict {
  if (!propertiesOf(doc)) return unreadable(PATH, EXPECTED);
  const set = valueAt(doc, PATH);
  if (isNonEmptyString(set)) return verdict("compliant", PATH, set, EXPECTED);
  if (isMissing(set) || typeof set === "string") return verdict("noncompliant", PATH, set, EXPECTED, "not set: the nodes' OS and data disks are encrypted with platform-managed keys");
  return verdict("unknown", PATH, set, EXPECTED, "diskEncryptionSetID is not a string");
}

export const aksDiskCmk: Control = {
  id: "aks.disk-cmk",
  title: "AKS node disks encrypt with a customer-managed key (disk encryption set)",
  severity: "medium",
  stage: "at-rest",
  resourceTypes: ["Microsoft.ContainerService/managedClusters"],
  minClassification: "confidential",
  defaultDecision: "ticket",
  evaluate: evaluateDiskCmk,
  // No fix: the disk encryption set is chosen when the cluster is created.
  refs: { waf: "SE:07", mcsb: "DP-5", policy: "7d7be79c-23ba-4033-84dd-45e2a5ccdd67" },
};
