import { isBag, isNonEmptyString, propertiesOf, unreadable, valueAt, verdict } from "../evidence.ts";
import type { Control, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const STORAGE = "properties.virtualMachineProfile.storageProfile";
const EXPECTED = "every managed disk of the model names a disk encryption set";

/** The disk encryption set of one disk of the model: its managed disk's, or a confidential OS disk's security profile's. */
function encryptionSetOf(disk: Record<string, unknown>): unknown {
  return valueAt(disk, "managedDisk.diskEncryptionSet.id") ?? valueAt(disk, "managedDisk.securityProfile.diskEncryptionSet.id");
}

function evaluateDisks(doc: ArmDocument): Verdict {
  if (!propertiesOf(doc)) return unreadable(STORAGE, EXPECTED);
  const storage = valueAt(doc, STORAGE);
  if (!isBag(storage) || !isBag(storage.osDisk)) return verdict("unknown", STORAGE, storage ?? null, EXPECTED, "no storageProfile with an osDisk: the scale set has no disk model to judge");
  const dataDisks = Array.isArray(storage.dataDisks) ? storage.dataDisks : [];
  // An ephemeral OS disk lives on the host's cache or temp disk, not a managed disk: encryption at host covers it.
  const ephemeralOs = isBag(storage.osDisk.diffDiskSettings);
  const disks = [...(ephemeralOs ? [] : [{ name: "osDisk", disk: storage.osDisk }]), ...dataDisks.map((disk, index) => ({ name: `dataDisks[${index}]`, disk }))];
  const without = disks.filter(({ disk }) => !isBag(disk) || !isNonEmptyString(encryptionSetOf(disk))).map(({ name }) => name);
  if (without.length > 0) return verdict("noncompliant", STORAGE, without, EXPECTED, `disks without a disk encryption set (platform-managed keys): ${without.join(", ")}`);
  return verdict(
    "compliant",
    STORAGE,
    disks.map(({ disk }) => encryptionSetOf(disk as Record<string, unknown>)),
    EXPECTED,
  );
}

export const vmssDiskCmk: Control = {
  id: "vmss.disk-cmk",
  title: "Virtual machine scale set disks encrypt with a customer-managed key",
  severity: "medium",
  stage: "at-rest",
  resourceTypes: ["Microsoft.Compute/virtualMachineScaleSets"],
  minClassification: "confidential",
  defaultDecision: "ticket",
  evaluate: evaluateDisks,
  // No fix: a changed model reaches existing disks only by reimaging the instances, which loses their OS disks.
  refs: { waf: "SE:07", mcsb: "DP-5", policy: "702dd420-7fcc-42c5-afe8-4026edd20fe0" },
};
