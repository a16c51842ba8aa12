import { diskEncryptionFix, evaluateDiskEncryption } from "../disk-encryption.ts";
import { defineControl } from "../params.ts";

const DOUBLE = "EncryptionAtRestWithPlatformAndCustomerKeys";

export const diskDoubleEncryption = defineControl({
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
  fix: diskEncryptionFix(DOUBLE),
  refs: { waf: "SE:07", mcsb: "DP-5", policy: "ca91455f-eace-4f96-be59-e6e2c35b4816" },
});
