import type { CaseTable } from "../caseTable.ts";

export default {
  // The VM must be deallocated first.
  fix: "disruptive",
  cases: [
    { name: "accepts encryptionAtHost true", doc: "compute/vm-encryption-at-host.json", status: "compliant" },
    { name: 'accepts encryptionAtHost as the string "True"', doc: "compute/vm-string-flag.json", status: "compliant" },
    { name: "rejects a VM without a security profile", doc: "compute/vm-standard.json", status: "noncompliant", evidence: { path: "properties.securityProfile.encryptionAtHost" } },
    { name: "rejects a VM with the flag false", doc: "compute/vm-trusted-launch.json", status: "noncompliant" },
    {
      name: "accepts a confidential VM whose OS disk is encrypted with its guest state and that has no data disks",
      doc: "compute/vm-confidential.json",
      status: "compliant",
      evidence: { actual: "DiskWithVMGuestState" },
    },
    { name: "rejects a confidential VM with data disks: confidential disk encryption covers the OS disk only", doc: "compute/vm-confidential-with-data-disk.json", status: "noncompliant" },
    {
      name: "reads a security profile of the wrong type as not set, without throwing",
      doc: { fixture: "compute/vm-standard.json", set: { "properties.securityProfile": "TrustedLaunch" } },
      status: "noncompliant",
    },
    {
      name: "says unknown for a flag that is not a boolean",
      doc: { fixture: "compute/vm-encryption-at-host.json", set: { "properties.securityProfile.encryptionAtHost": "maybe" } },
      status: "unknown",
    },
    { name: "plans encryption at host", fix: "compute/vm-standard.json", changes: [{ path: "properties.securityProfile.encryptionAtHost", before: null, after: true }] },
    { name: "plans encryption at host for a confidential VM with data disks", fix: "compute/vm-confidential-with-data-disk.json" },
  ],
} satisfies CaseTable;
