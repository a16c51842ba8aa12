import type { CaseTable } from "../caseTable.ts";

export default {
  // Upgrading needs a Gen2 image, a supported size and OS, and a deallocation.
  fix: "none",
  cases: [
    { name: "accepts Trusted Launch with secure boot and vTPM", doc: "compute/vm-trusted-launch.json", status: "compliant" },
    { name: "accepts a confidential VM with secure boot and vTPM", doc: "compute/vm-confidential.json", status: "compliant" },
    { name: "rejects a standard VM", doc: "compute/vm-standard.json", status: "noncompliant" },
    { name: "rejects a VM without a security type, naming it", doc: "compute/vm-encryption-at-host.json", status: "noncompliant", evidence: { path: "properties.securityProfile.securityType" } },
    {
      name: "rejects Trusted Launch with secure boot off, naming the setting",
      doc: "compute/vm-trusted-launch-secure-boot-off.json",
      status: "noncompliant",
      evidence: { path: "properties.securityProfile.uefiSettings.secureBootEnabled", actual: false, expected: "true" },
    },
    {
      name: "reads a security profile of the wrong type as not set, without throwing",
      doc: { fixture: "compute/vm-standard.json", set: { "properties.securityProfile": "TrustedLaunch" } },
      status: "noncompliant",
    },
    {
      name: "says unknown when the UEFI settings are not reported",
      doc: { fixture: "compute/vm-trusted-launch.json", set: { properties: { securityProfile: { securityType: "TrustedLaunch" } } } },
      status: "unknown",
      reason: /secureBootEnabled is not reported/,
    },
  ],
} satisfies CaseTable;
