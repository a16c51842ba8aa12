import { evaluateFlag, evaluateOneOf } from "../checks.ts";
import type { Control, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const SECURITY_TYPE = "properties.securityProfile.securityType";

/** Each part must hold: the security type first, then secure boot, then the vTPM; the first failure is the evidence. */
function evaluateTrustedLaunch(doc: ArmDocument): Verdict {
  const securityType = evaluateOneOf(doc, {
    path: SECURITY_TYPE,
    allowed: ["TrustedLaunch", "ConfidentialVM"],
    expected: "TrustedLaunch or ConfidentialVM",
    whenAbsent: { assume: "Standard", because: "a VM without a security type is a standard VM, without secure boot or vTPM" },
  });
  if (securityType.status !== "compliant") return securityType;
  for (const setting of ["secureBootEnabled", "vTpmEnabled"]) {
    const flag = evaluateFlag(doc, {
      path: `properties.securityProfile.uefiSettings.${setting}`,
      want: true,
      expected: "true",
      whenAbsent: { unknown: `the security type is right but ${setting} is not reported` },
    });
    if (flag.status !== "compliant") return flag;
  }
  return securityType;
}

export const vmTrustedLaunch: Control = {
  id: "vm.trusted-launch",
  title: "Virtual machine boots with Trusted Launch: secure boot and vTPM",
  severity: "medium",
  stage: "in-use",
  resourceTypes: ["Microsoft.Compute/virtualMachines"],
  minClassification: "public",
  defaultDecision: "ticket",
  evaluate: evaluateTrustedLaunch,
  // No fix: upgrading a VM needs a Gen2 image, a supported size and OS, and a deallocation; none of that is in the document.
  refs: { waf: "SE:07", mcsb: "PV-4", policy: "c95b54ad-0614-4633-ab29-104b01235cbf", psrule: "Azure.VM.SecureBoot" },
};
