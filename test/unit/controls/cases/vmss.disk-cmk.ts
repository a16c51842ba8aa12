import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "none",
  cases: [
    { name: "accepts a model whose OS and data disks name a disk encryption set", doc: "vmss/scale-set-hardened.json", status: "compliant" },
    { name: "rejects a model with platform-managed disks, naming them", doc: "vmss/scale-set-defaults.json", status: "noncompliant", evidence: { actual: ["osDisk", "dataDisks[0]"] } },
    {
      name: "does not count an ephemeral OS disk, which is not a managed disk",
      doc: {
        fixture: "vmss/scale-set-hardened.json",
        set: {
          "properties.virtualMachineProfile.storageProfile.osDisk": {
            createOption: "FromImage",
            caching: "ReadOnly",
            diffDiskSettings: { option: "Local" },
            managedDisk: { storageAccountType: "Standard_LRS" },
          },
        },
      },
      status: "compliant",
    },
    { name: "says unknown for a Flexible scale set without a disk model", doc: "vmss/scale-set-flexible-without-model.json", status: "unknown" },
  ],
} satisfies CaseTable;
