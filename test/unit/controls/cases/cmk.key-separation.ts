import type { CaseTable } from "../caseTable.ts";
import { boundStorage, STORAGE } from "../bindingCases.ts";

const SAME_GROUP = "/subscriptions/3f2a6c1e-8d4b-4a57-9a0e-2b7c9d1e5f60/resourceGroups/rg-data/providers/Microsoft.KeyVault/vaults/kv-data";

export default {
  // Ticket only: moving a key is a migration.
  fix: "none",
  cases: [
    { name: "accepts a vault in another resource group", doc: boundStorage(), classification: "confidential", status: "compliant" },
    { name: "rejects a vault in the data's resource group", doc: boundStorage({ vault: { id: SAME_GROUP } }), classification: "confidential", status: "noncompliant", reason: /same resource group/ },
    {
      name: "asks for another subscription when the policy says so",
      doc: boundStorage(),
      classification: "confidential",
      params: { scope: "subscription" },
      status: "noncompliant",
      reason: /same subscription/,
    },
    { name: "asks nothing when the policy turns it off", doc: boundStorage({ vault: { id: SAME_GROUP } }), classification: "confidential", params: { scope: "off" }, status: "not-applicable" },
    { name: "says unknown when the vault was not read", doc: STORAGE, classification: "confidential", status: "unknown" },
    { name: "refuses a scope it does not know", params: { scope: "region" }, refused: ["scope"] },
  ],
} satisfies CaseTable;
