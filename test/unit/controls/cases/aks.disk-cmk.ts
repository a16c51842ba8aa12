import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "none",
  cases: [
    { name: "accepts a cluster with a disk encryption set", doc: "aks/cluster-kms-des-host.json", status: "compliant", classification: "confidential" },
    { name: "rejects a cluster without one", doc: "aks/cluster-defaults.json", status: "noncompliant", evidence: { path: "properties.diskEncryptionSetID", actual: null } },
    { name: "says unknown for a value that is not a string", doc: { fixture: "aks/cluster-kms-des-host.json", set: { "properties.diskEncryptionSetID": ["des-aks"] } }, status: "unknown" },
  ],
} satisfies CaseTable;
