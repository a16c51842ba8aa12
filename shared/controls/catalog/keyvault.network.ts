import { isBag, isMissing, lower, propertiesOf, setTo, unreadable, valueAt, verdict } from "../evidence.ts";
import type { Control, FixProposal, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const PUBLIC_ACCESS = "properties.publicNetworkAccess";
const ACLS = "properties.networkAcls";
const DEFAULT_ACTION = "properties.networkAcls.defaultAction";
const EXPECTED = "publicNetworkAccess Disabled, or networkAcls.defaultAction Deny";

function readable(value: unknown): boolean {
  return isMissing(value) || typeof value === "string";
}

function evaluateNetwork(doc: ArmDocument): Verdict {
  if (!propertiesOf(doc)) return unreadable(DEFAULT_ACTION, EXPECTED);
  const publicAccess = valueAt(doc, PUBLIC_ACCESS);
  const defaultAction = valueAt(doc, DEFAULT_ACTION);
  if (lower(publicAccess) === "disabled") return verdict("compliant", PUBLIC_ACCESS, publicAccess, EXPECTED);
  if (lower(defaultAction) === "deny") return verdict("compliant", DEFAULT_ACTION, defaultAction, EXPECTED);
  if (!readable(publicAccess) || !readable(defaultAction)) {
    return verdict("unknown", DEFAULT_ACTION, defaultAction, EXPECTED, "publicNetworkAccess or networkAcls.defaultAction is not a string");
  }
  // Unset means open: vaults accept every network unless public access is disabled or the firewall denies.
  return verdict("noncompliant", DEFAULT_ACTION, defaultAction, EXPECTED, `publicNetworkAccess is ${String(publicAccess ?? "not set (Enabled)")} and the firewall allows every network`);
}

/** Turns the firewall to deny, keeping the vault's rules and letting trusted Azure services through by default. */
function planNetwork(doc: ArmDocument): FixProposal {
  const current = valueAt(doc, ACLS);
  const acls = isBag(current) ? current : {};
  const after = { ...acls, bypass: acls.bypass ?? "AzureServices", defaultAction: "Deny" };
  return { changes: [setTo(doc, ACLS, after)], summary: "Set the vault firewall's default action to Deny (only allowed networks, private endpoints and trusted services reach the vault)" };
}

export const keyvaultNetwork: Control = {
  id: "keyvault.network",
  title: "Key vault is not open to every network",
  severity: "medium",
  stage: "key-management",
  resourceTypes: ["Microsoft.KeyVault/vaults", "Microsoft.KeyVault/managedHSMs"],
  minClassification: "confidential",
  defaultDecision: "ticket",
  evaluate: evaluateNetwork,
  // Disruptive: every client outside the allowed networks is cut off.
  fix: { safety: "disruptive", plan: planNetwork },
  refs: { waf: "SE:07", mcsb: "NS-2", policy: "55615ac9-af46-4a59-874e-391cc3dfb490", psrule: "Azure.KeyVault.Firewall" },
};
