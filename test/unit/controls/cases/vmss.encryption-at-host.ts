import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "disruptive",
  cases: [
    { name: "accepts a model with encryption at host", doc: "vmss/scale-set-hardened.json", status: "compliant" },
    { name: "rejects a model without it (off unless enabled)", doc: "vmss/scale-set-defaults.json", status: "noncompliant", reason: /not set/ },
    { name: "says unknown for a Flexible scale set without a VM model", doc: "vmss/scale-set-flexible-without-model.json", status: "unknown", reason: /virtualMachineProfile/ },
    {
      name: "plans encryption at host in the model",
      fix: "vmss/scale-set-defaults.json",
      changes: [{ path: "properties.virtualMachineProfile.securityProfile.encryptionAtHost", before: null, after: true }],
    },
  ],
} satisfies CaseTable;
