import { evaluateDiskEncryption, planDiskEncryption } from "../disk-encryption.ts";
import type { Control } from "../types.ts";

const DOUBLE = "EncryptionAtRestWithPlatformAndCustomerKeys";

export const diskDoubleEncryption: Control = {
  id: "disk.double-encryption",
  title: "Managed disk is encrypted with both platform-managed and customer-managed keys",
  severity: "low",
  stage: "at-rest",
  resourceTypes: ["Microsoft.Compute/disks"],
  minClassification: "highly-confidential",
  defaultDecision: "ticket",
  evaluate: (doc) =>
    evaluateDiskEncryption(doc, {
      accepted: [DOUBLE],
      whenOnlyEncryptionSet: { status: "unknown", reason: "no type, but a disk encryption set is named: whether it double-encrypts depends on the set's own type" },
    }),
  fix: { safety: "disruptive", plan: (doc, params) => planDiskEncryption(doc, params, DOUBLE) },
  refs: { waf: "SE:07", mcsb: "DP-5", policy: "ca91455f-eace-4f96-be59-e6e2c35b4816" },
};
