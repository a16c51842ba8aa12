import { evaluateFlag } from "../checks.ts";
import { lower, propertiesOf, valueAt, verdict } from "../evidence.ts";
import { setPropertyFix } from "../fixes.ts";
import type { Control, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const PATH = "properties.securityProfile.encryptionAtHost";

/**
 * Confidential disk encryption (OS disk `securityEncryptionType` DiskWithVMGuestState) encrypts the
 * OS disk and the VM guest state on the host, so a confidential VM without data disks is covered.
 */
function coveredByConfidentialDiskEncryption(doc: ArmDocument): boolean {
  const confidential = lower(valueAt(doc, "properties.securityProfile.securityType")) === "confidentialvm";
  const osDiskEncryption = lower(valueAt(doc, "properties.storageProfile.osDisk.managedDisk.securityProfile.securityEncryptionType"));
  const dataDisks = valueAt(doc, "properties.storageProfile.dataDisks");
  const noDataDisks = dataDisks === undefined || dataDisks === null || (Array.isArray(dataDisks) && dataDisks.length === 0);
  return confidential && osDiskEncryption === "diskwithvmgueststate" && noDataDisks;
}

function evaluateEncryptionAtHost(doc: ArmDocument): Verdict {
  const byFlag = evaluateFlag(doc, {
    path: PATH,
    want: true,
    expected: "true (or a confidential VM with DiskWithVMGuestState OS disk encryption and no data disks)",
    whenAbsent: { assume: false, because: "encryption at host is off unless it is enabled on the VM" },
  });
  if (byFlag.status !== "noncompliant" || !propertiesOf(doc) || !coveredByConfidentialDiskEncryption(doc)) return byFlag;
  return verdict(
    "compliant",
    "properties.storageProfile.osDisk.managedDisk.securityProfile.securityEncryptionType",
    "DiskWithVMGuestState",
    byFlag.evidence.expected,
    "confidential disk encryption covers the OS disk and the VM has no data disks",
  );
}

export const vmEncryptionAtHost: Control = {
  id: "vm.encryption-at-host",
  title: "Virtual machine encrypts temp disks, caches and data flows at the host",
  severity: "medium",
  stage: "at-rest",
  resourceTypes: ["Microsoft.Compute/virtualMachines"],
  minClassification: "public",
  defaultDecision: "ticket",
  evaluate: evaluateEncryptionAtHost,
  fix: setPropertyFix("disruptive", PATH, true, "Enable encryption at host (the VM must be deallocated first and started again after)"),
  refs: { waf: "SE:07", mcsb: "DP-4", policy: "fc4d8e41-e223-45ea-9bf5-eada37891d87" },
};
