import { z } from "zod";
import { isBag, propertiesOf, setTo, unreadable, valueAt, verdict } from "../evidence.ts";
import { attributesOf, rotationOf } from "../keys.ts";
import { defineControl } from "../params.ts";
import type { EvalContext, FixProposal, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const PATH = "properties.rotationPolicy";
const DAY_MS = 86_400_000;

const params = z.strictObject({
  maxRotationDays: z.number().int().min(1).max(3650).default(365).describe("The longest a key version may live before the rotation policy replaces it, in days after its creation."),
});
type Params = z.output<typeof params>;

/** Days from a version's creation to its automatic rotation, when the policy and the key say. */
function rotationDays(doc: ArmDocument): number | null | undefined {
  const schedule = rotationOf(doc);
  if (schedule === undefined || schedule === null) return schedule;
  const candidates: number[] = [];
  if (schedule.afterCreateDays !== undefined) candidates.push(schedule.afterCreateDays);
  if (schedule.beforeExpiryDays !== undefined) {
    const attributes = attributesOf(doc);
    const lifetime = schedule.expiryDays ?? (attributes?.expires && attributes.created ? (attributes.expires.getTime() - attributes.created.getTime()) / DAY_MS : undefined);
    if (lifetime !== undefined) candidates.push(lifetime - schedule.beforeExpiryDays);
  }
  return candidates.length > 0 ? Math.min(...candidates) : null;
}

function evaluateRotation(doc: ArmDocument, ctx: EvalContext<Params>): Verdict {
  const max = ctx.params.maxRotationDays;
  const expected = `a rotation policy with a Rotate action at most ${max} days after creation (or before expiry)`;
  if (!propertiesOf(doc)) return unreadable(PATH, expected);
  const policy = valueAt(doc, PATH);
  const days = rotationDays(doc);
  if (days === undefined) return verdict("unknown", PATH, policy, expected, "the rotation policy cannot be read (its durations are not ISO 8601)");
  if (days === null) return verdict("noncompliant", PATH, policy ?? null, expected, policy ? "the rotation policy has no automatic Rotate action" : "the key has no rotation policy");
  return days <= max ? verdict("compliant", PATH, policy, expected) : verdict("noncompliant", PATH, policy, expected, `the key rotates ${Math.round(days)} days after creation`);
}

/**
 * Adds (or shortens) the Rotate action, keeping the policy's other actions and its expiryTime.
 * It never sets the key's own expiry.
 */
function planRotation(doc: ArmDocument, p: Params): FixProposal {
  const current = valueAt(doc, PATH);
  const policy = isBag(current) ? current : {};
  const others = (Array.isArray(policy.lifetimeActions) ? policy.lifetimeActions : []).filter((action) => String(valueAt(action, "action.type")).toLowerCase() !== "rotate");
  const after = {
    ...(isBag(policy.attributes) && policy.attributes.expiryTime ? { attributes: { expiryTime: policy.attributes.expiryTime } } : {}),
    lifetimeActions: [{ trigger: { timeAfterCreate: `P${p.maxRotationDays}D` }, action: { type: "Rotate" } }, ...others],
  };
  return { changes: [setTo(doc, PATH, after)], summary: `Rotate the key automatically ${p.maxRotationDays} days after each version's creation (Key Vault data plane)` };
}

export const keyvaultKeyRotation = defineControl({
  id: "keyvault.key-rotation",
  title: "Key rotates automatically within the allowed number of days",
  severity: "medium",
  stage: "key-management",
  resourceTypes: ["Microsoft.KeyVault/vaults/keys"],
  minClassification: "confidential",
  defaultDecision: "ticket",
  params,
  evaluate: evaluateRotation,
  // Disruptive: a new key version appears on schedule; bindings pinned to a version keep the old one until moved.
  fix: { safety: "disruptive", plan: planRotation },
  refs: { waf: "SE:07", mcsb: "DP-6", policy: "d8cf8476-a2ec-4916-896e-992351803c44" },
});
