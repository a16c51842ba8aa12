import type { CaseTable } from "../caseTable.ts";

const DES = "/subscriptions/3f2a6c1e-8d4b-4a57-9a0e-2b7c9d1e5f60/resourceGroups/rg-keys/providers/Microsoft.Compute/diskEncryptionSets/des-double";
const DOUBLE = "EncryptionAtRestWithPlatformAndCustomerKeys";

export default {
  fix: "disruptive",
  cases: [
    { name: "accepts platform and customer keys together", doc: "compute/disk-double-encryption.json", status: "compliant" },
    { name: "rejects customer keys alone", doc: "compute/disk-customer-key.json", status: "noncompliant", evidence: { actual: "EncryptionAtRestWithCustomerKey", expected: DOUBLE } },
    { name: "rejects platform keys", doc: "compute/disk-platform-key.json", status: "noncompliant" },
    { name: "says unknown when only the disk encryption set could tell", doc: "compute/disk-encryption-set-only.json", status: "unknown", reason: /depends on the set's own type/ },
    { name: "says unknown for a type that is not a string", doc: { fixture: "compute/disk-platform-key.json", set: { properties: { encryption: { type: 3 } } } }, status: "unknown" },
    { name: "needs a disk encryption set to plan", params: {}, refused: ["diskEncryptionSetId"] },
    {
      name: "plans the double-encryption type on the given set",
      fix: "compute/disk-customer-key.json",
      params: { diskEncryptionSetId: DES },
      changes: [
        {
          path: "properties.encryption",
          before: { type: "EncryptionAtRestWithCustomerKey", diskEncryptionSetId: DES.replace("des-double", "des-cmk") },
          after: { type: DOUBLE, diskEncryptionSetId: DES },
        },
      ],
    },
    { name: "plans the double-encryption type for a disk without an encryption block", fix: "compute/disk-no-encryption-block.json", params: { diskEncryptionSetId: DES } },
  ],
} satisfies CaseTable;
