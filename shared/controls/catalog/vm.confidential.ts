import { evaluateOneOf } from "../checks.ts";
import type { Control } from "../types.ts";

export const vmConfidential: Control = {
  id: "vm.confidential",
  title: "Virtual machine runs as a confidential VM (data encrypted in use)",
  severity: "medium",
  stage: "in-use",
  resourceTypes: ["Microsoft.Compute/virtualMachines"],
  minClassification: "highly-confidential",
  defaultDecision: "ticket",
  evaluate: (doc) =>
    evaluateOneOf(doc, {
      path: "properties.securityProfile.securityType",
      allowed: ["ConfidentialVM"],
      expected: "ConfidentialVM",
      whenAbsent: { assume: "Standard", because: "a VM without a security type is a standard VM" },
    }),
  // No fix: the security type is fixed when the VM is created; a confidential VM needs a new VM on a confidential size.
  refs: { waf: "SE:07" },
};
