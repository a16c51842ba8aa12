import { BINDING_TYPES, BOUND_KEY, boundKeyOf, namesKey } from "../bindings.ts";
import { asBoolean, isMissing, propertiesOf, unreadable, verdict } from "../evidence.ts";
import type { Control, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const PATH = `${BOUND_KEY}.vault`;
const EXPECTED = "the key's vault has soft delete and purge protection on";

function evaluateVaultProtection(doc: ArmDocument): Verdict {
  if (!propertiesOf(doc)) return unreadable(PATH, EXPECTED);
  const bound = boundKeyOf(doc);
  if (!bound?.vault) return verdict("unknown", PATH, bound ? { key: bound.uri, source: bound.source } : null, EXPECTED, bound?.unresolved ?? "the key's vault was not read with the resource");
  const { vault } = bound;
  const softDelete = isMissing(vault.enableSoftDelete) ? true : asBoolean(vault.enableSoftDelete);
  const purgeProtection = isMissing(vault.enablePurgeProtection) ? false : asBoolean(vault.enablePurgeProtection);
  const actual = { vault: vault.id, enableSoftDelete: vault.enableSoftDelete ?? null, enablePurgeProtection: vault.enablePurgeProtection ?? null, source: bound.source };
  if (softDelete === undefined || purgeProtection === undefined) return verdict("unknown", PATH, actual, EXPECTED, "the vault's settings are not booleans");
  if (softDelete && purgeProtection) return verdict("compliant", PATH, actual, EXPECTED);
  return verdict(
    "noncompliant",
    PATH,
    actual,
    EXPECTED,
    !softDelete ? "soft delete is off: a deleted key is gone at once, and the data with it" : "purge protection is off: a deleted key can be purged before its retention ends",
  );
}

export const cmkVaultProtection: Control = {
  id: "cmk.vault-protection",
  title: "Vault of a customer-managed key has soft delete and purge protection",
  severity: "high",
  stage: "key-management",
  resourceTypes: BINDING_TYPES,
  appliesTo: namesKey,
  minClassification: "public",
  defaultDecision: "ticket",
  evaluate: evaluateVaultProtection,
  // No fix here: keyvault.purge-protection fixes the vault itself (irreversible, opt-in).
  refs: { waf: "SE:07", mcsb: "DP-8", policy: "0b60c0b2-2dc2-4e1c-b5c9-abbed971de53" },
};
