import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "none",
  cases: [
    {
      name: "accepts a Recovery Services vault with a customer-managed key",
      doc: "backup/rsv-cmk-infrastructure.json",
      status: "compliant",
      evidence: { path: "properties.encryption.keyVaultProperties.keyUri" },
    },
    { name: "accepts a Backup vault whose key is enabled (the service's Backupvaults casing)", doc: "backup/backup-vault-cmk.json", status: "compliant" },
    {
      name: "rejects a Recovery Services vault without encryption settings, and says the key needs a vault without protected items",
      doc: "backup/rsv-platform-key.json",
      status: "noncompliant",
      reason: /platform-managed keys; a customer-managed key can only be set on a vault that has no protected items/,
    },
    {
      name: "rejects a Recovery Services vault whose encryption names no key",
      doc: { fixture: "backup/rsv-cmk-infrastructure.json", set: { "properties.encryption.keyVaultProperties": null } },
      status: "noncompliant",
      reason: /no protected items/,
    },
    { name: "rejects a Backup vault without encryption settings", doc: "backup/backup-vault-platform-key.json", status: "noncompliant", reason: /no protected items/ },
    {
      name: "rejects a Backup vault whose key is disabled",
      doc: { fixture: "backup/backup-vault-cmk.json", set: { "properties.securitySettings.encryptionSettings.state": "Disabled" } },
      status: "noncompliant",
      evidence: { path: "properties.securitySettings.encryptionSettings.state", actual: "Disabled" },
    },
    {
      name: "says unknown for a Backup vault read without securitySettings (an older api-version)",
      doc: "backup/backup-vault-without-security-settings.json",
      status: "unknown",
      reason: /api-version/,
    },
    {
      name: "says unknown for an encryption block that is not an object",
      doc: { fixture: "backup/rsv-cmk-infrastructure.json", set: { "properties.encryption": "CustomerManaged" } },
      status: "unknown",
    },
  ],
} satisfies CaseTable;
