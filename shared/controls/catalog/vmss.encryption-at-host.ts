import { evaluateFlag } from "../checks.ts";
import { isBag, unreadable, valueAt, verdict, propertiesOf } from "../evidence.ts";
import { setPropertyFix } from "../fixes.ts";
import type { Control, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const PROFILE = "properties.virtualMachineProfile";
const PATH = `${PROFILE}.securityProfile.encryptionAtHost`;
const EXPECTED = "true";

function evaluateScaleSet(doc: ArmDocument): Verdict {
  if (!propertiesOf(doc)) return unreadable(PATH, EXPECTED);
  // A Flexible scale set may have no model of its own: its VMs are judged one by one.
  const profile = valueAt(doc, PROFILE);
  if (!isBag(profile)) return verdict("unknown", PROFILE, profile ?? null, EXPECTED, "no virtualMachineProfile: the scale set has no VM model to judge (its VMs are judged as virtual machines)");
  return evaluateFlag(doc, { path: PATH, want: true, expected: EXPECTED, whenAbsent: { assume: false, because: "encryption at host is off unless it is enabled in the scale set's model" } });
}

export const vmssEncryptionAtHost: Control = {
  id: "vmss.encryption-at-host",
  title: "Virtual machine scale set encrypts temp disks, caches and data flows at the host",
  severity: "medium",
  stage: "at-rest",
  resourceTypes: ["Microsoft.Compute/virtualMachineScaleSets"],
  minClassification: "public",
  defaultDecision: "ticket",
  evaluate: evaluateScaleSet,
  fix: setPropertyFix("disruptive", PATH, true, "Enable encryption at host in the scale set model (deallocate the scale set first; instances take it when they are updated or reimaged)"),
  refs: { waf: "SE:07", mcsb: "DP-4", policy: "fc4d8e41-e223-45ea-9bf5-eada37891d87" },
};
