import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "none",
  cases: [
    { name: "accepts KMS with a Key Vault key", doc: "aks/cluster-kms-des-host.json", status: "compliant", evidence: { path: "properties.securityProfile.azureKeyVaultKms.keyId" } },
    { name: "rejects a cluster without KMS", doc: "aks/cluster-defaults.json", status: "noncompliant", reason: /platform-managed keys/ },
    { name: "rejects KMS turned off", doc: { fixture: "aks/cluster-kms-des-host.json", set: { "properties.securityProfile.azureKeyVaultKms.enabled": false } }, status: "noncompliant" },
    { name: "rejects KMS enabled without a key", doc: { fixture: "aks/cluster-kms-des-host.json", set: { "properties.securityProfile.azureKeyVaultKms.keyId": "" } }, status: "noncompliant" },
    {
      name: "says unknown for an enabled flag that is not a boolean",
      doc: { fixture: "aks/cluster-kms-des-host.json", set: { "properties.securityProfile.azureKeyVaultKms.enabled": "maybe" } },
      status: "unknown",
    },
  ],
} satisfies CaseTable;
