import { evaluateFlag } from "../checks.ts";
import { asBoolean, setTo, valueAt } from "../evidence.ts";
import type { Control, FixProposal } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const PATH = "properties.enablePurgeProtection";
const SOFT_DELETE = "properties.enableSoftDelete";

/** Purge protection needs soft delete: a legacy vault with soft delete off gets both. */
function planPurgeProtection(doc: ArmDocument): FixProposal {
  const changes = [setTo(doc, PATH, true)];
  if (asBoolean(valueAt(doc, SOFT_DELETE)) === false) changes.unshift(setTo(doc, SOFT_DELETE, true));
  return { changes, summary: "Enable purge protection (it cannot be disabled afterwards; deleted objects stay for the whole retention period)" };
}

export const keyvaultPurgeProtection: Control = {
  id: "keyvault.purge-protection",
  title: "Key vault cannot be purged before its retention period ends (purge protection)",
  severity: "medium",
  stage: "key-management",
  resourceTypes: ["Microsoft.KeyVault/vaults", "Microsoft.KeyVault/managedHSMs"],
  minClassification: "public",
  defaultDecision: "ticket",
  evaluate: (doc) =>
    evaluateFlag(doc, {
      path: PATH,
      want: true,
      expected: "true",
      whenAbsent: { assume: false, because: "purge protection is off until it is enabled" },
    }),
  fix: { safety: "irreversible", plan: planPurgeProtection },
  refs: { waf: "SE:07", mcsb: "DP-8", policy: "0b60c0b2-2dc2-4e1c-b5c9-abbed971de53", psrule: "Azure.KeyVault.PurgeProtect" },
};
