import type { CaseTable } from "../caseTable.ts";

const DES = "/subscriptions/3f2a6c1e-8d4b-4a57-9a0e-2b7c9d1e5f60/resourceGroups/rg-keys/providers/Microsoft.Compute/diskEncryptionSets/des-cmk";

export default {
  fix: "disruptive",
  cases: [
    { name: "accepts customer keys", doc: "compute/disk-customer-key.json", status: "compliant" },
    { name: "accepts customer keys with platform keys", doc: "compute/disk-double-encryption.json", status: "compliant" },
    { name: "accepts a disk that names a disk encryption set without echoing a type", doc: "compute/disk-encryption-set-only.json", status: "compliant", reason: /disk encryption set/ },
    {
      name: "rejects platform-managed keys",
      doc: "compute/disk-platform-key.json",
      status: "noncompliant",
      evidence: { path: "properties.encryption.type", actual: "EncryptionAtRestWithPlatformKey", expected: "EncryptionAtRestWithCustomerKey or EncryptionAtRestWithPlatformAndCustomerKeys" },
    },
    { name: "rejects platform-managed keys by default (no type)", doc: "compute/disk-no-encryption-block.json", status: "noncompliant", reason: /platform-managed keys/ },
    { name: "says unknown for a type that is not a string", doc: { fixture: "compute/disk-platform-key.json", set: { properties: { encryption: { type: 3 } } } }, status: "unknown" },
    { name: "needs a disk encryption set to plan", params: {}, refused: ["diskEncryptionSetId"] },
    { name: "refuses a disk encryption set id of another type", params: { diskEncryptionSetId: DES.replace("diskEncryptionSets", "disks") }, refused: ["diskEncryptionSetId"] },
    {
      name: "plans the customer-key type on the given set",
      fix: "compute/disk-platform-key.json",
      params: { diskEncryptionSetId: DES },
      changes: [{ path: "properties.encryption", before: { type: "EncryptionAtRestWithPlatformKey" }, after: { type: "EncryptionAtRestWithCustomerKey", diskEncryptionSetId: DES } }],
    },
  ],
} satisfies CaseTable;
