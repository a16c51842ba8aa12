import { z } from "zod";
import { BINDING_TYPES, BOUND_KEY, boundKeyOf, namesKey, vaultIdOfKey } from "../bindings.ts";
import { propertiesOf, unreadable, verdict } from "../evidence.ts";
import { defineControl } from "../params.ts";
import type { EvalContext, Verdict } from "../types.ts";
import { parseResourceId, type ArmDocument } from "../../core/index.ts";

const params = z.strictObject({
  scope: z
    .enum(["resourceGroup", "subscription", "off"])
    .default("resourceGroup")
    .describe("Where the key's vault must not be: in the data's resource group (default), in its subscription, or anywhere (off)."),
});
type Params = z.output<typeof params>;

const PATH = `${BOUND_KEY}.vault`;

/** The binding's own resource group and subscription: a SQL protector's are its server's. */
function placeOf(id: string): { subscription: string; group: string } | undefined {
  try {
    const parsed = parseResourceId(id);
    return { subscription: parsed.subscriptionId.toLowerCase(), group: parsed.resourceGroup.toLowerCase() };
  } catch {
    return undefined;
  }
}

function evaluateSeparation(doc: ArmDocument, ctx: EvalContext<Params>): Verdict {
  const { scope } = ctx.params;
  const expected = scope === "subscription" ? "the key's vault is in another subscription than the data" : "the key's vault is in another resource group than the data";
  if (scope === "off") return verdict("not-applicable", PATH, null, "no separation required", "the policy turns separation off (scope: off)");
  if (!propertiesOf(doc)) return unreadable(PATH, expected);
  const bound = boundKeyOf(doc);
  const vaultId = bound?.vault?.id ?? (bound?.key ? vaultIdOfKey(bound.key.id) : undefined);
  if (!vaultId) return verdict("unknown", PATH, bound ? { key: bound.uri } : null, expected, bound?.unresolved ?? "the key's vault was not read with the resource");
  const data = placeOf(doc.id);
  const vault = placeOf(vaultId);
  if (!data || !vault) return verdict("unknown", PATH, vaultId, expected, "an id cannot be read");
  const together = scope === "subscription" ? data.subscription === vault.subscription : data.subscription === vault.subscription && data.group === vault.group;
  return together
    ? verdict("noncompliant", PATH, vaultId, expected, `the key's vault sits beside the data it protects (same ${scope === "subscription" ? "subscription" : "resource group"})`)
    : verdict("compliant", PATH, vaultId, expected);
}

export const cmkKeySeparation = defineControl({
  id: "cmk.key-separation",
  title: "Customer-managed key is kept apart from the data it protects",
  severity: "low",
  stage: "key-management",
  resourceTypes: BINDING_TYPES,
  appliesTo: namesKey,
  minClassification: "confidential",
  defaultDecision: "ticket",
  params,
  evaluate: evaluateSeparation,
  // No fix: moving a key is a migration (a new key elsewhere, bindings moved, the old key retired). Ticket only.
  refs: { waf: "SE:07", mcsb: "DP-6" },
});
