import type { CaseTable } from "../caseTable.ts";

export default {
  // The security type is fixed when the VM is created.
  fix: "none",
  cases: [
    { name: "accepts ConfidentialVM", doc: "compute/vm-confidential.json", status: "compliant", classification: "highly-confidential" },
    { name: "rejects Trusted Launch", doc: "compute/vm-trusted-launch.json", status: "noncompliant", evidence: { actual: "TrustedLaunch", expected: "ConfidentialVM" } },
    { name: "rejects a standard VM (no security type)", doc: "compute/vm-standard.json", status: "noncompliant", reason: /standard VM/ },
    { name: "says unknown for a security type that is not a string", doc: { fixture: "compute/vm-confidential.json", set: { "properties.securityProfile.securityType": 7 } }, status: "unknown" },
  ],
} satisfies CaseTable;
