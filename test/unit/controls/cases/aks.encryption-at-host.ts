import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "none",
  cases: [
    { name: "accepts a cluster whose every pool encrypts at the host", doc: "aks/cluster-kms-des-host.json", status: "compliant", evidence: { actual: ["system", "user1"] } },
    {
      name: "rejects a cluster with a pool without the flag, naming it",
      doc: "aks/cluster-defaults.json",
      status: "noncompliant",
      evidence: { path: "properties.agentPoolProfiles", actual: ["system"] },
    },
    {
      name: "says unknown when the document carries no agent pools",
      doc: { fixture: "aks/cluster-kms-des-host.json", set: { "properties.agentPoolProfiles": undefined } },
      status: "unknown",
      reason: /agentPoolProfiles/,
    },
    {
      name: "says unknown for a pool flag that is not a boolean",
      doc: { fixture: "aks/cluster-kms-des-host.json", set: { "properties.agentPoolProfiles": [{ name: "system", enableEncryptionAtHost: "yes please" }] } },
      status: "unknown",
    },
  ],
} satisfies CaseTable;
