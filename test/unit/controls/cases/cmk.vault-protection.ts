import type { CaseTable } from "../caseTable.ts";
import { boundStorage, STORAGE, VAULT_ID } from "../bindingCases.ts";

export default {
  // No fix here: keyvault.purge-protection fixes the vault (irreversible, opt-in).
  fix: "none",
  cases: [
    { name: "accepts a vault with soft delete and purge protection", doc: boundStorage(), status: "compliant" },
    { name: "rejects a vault without purge protection", doc: boundStorage({ vault: { id: VAULT_ID, enablePurgeProtection: null } }), status: "noncompliant", reason: /purge protection is off/ },
    {
      name: "rejects a legacy vault with soft delete off",
      doc: boundStorage({ vault: { id: VAULT_ID, enableSoftDelete: false, enablePurgeProtection: true } }),
      status: "noncompliant",
      reason: /soft delete is off/,
    },
    { name: "says unknown when the vault was not read", doc: STORAGE, status: "unknown" },
  ],
} satisfies CaseTable;
