import { diskEncryptionFix, evaluateDiskEncryption } from "../disk-encryption.ts";
import { defineControl } from "../params.ts";

export const diskCmk = defineControl({
  id: "disk.cmk",
  title: "Managed disk encrypts with a customer-managed key",
  severity: "medium",
  stage: "at-rest",
  resourceTypes: ["Microsoft.Compute/disks"],
  minClassification: "confidential",
  defaultDecision: "ticket",
  evaluate: (doc) =>
    evaluateDiskEncryption(doc, {
      accepted: ["EncryptionAtRestWithCustomerKey", "EncryptionAtRestWithPlatformAndCustomerKeys"],
      whenOnlyEncryptionSet: { status: "compliant", reason: "no type, but a disk encryption set is named: every disk encryption set type uses a customer-managed key" },
    }),
  fix: diskEncryptionFix("EncryptionAtRestWithCustomerKey"),
  refs: { waf: "SE:07", mcsb: "DP-5", policy: "702dd420-7fcc-42c5-afe8-4026edd20fe0" },
});
