import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DEFAULT_POLICY, type Policy } from "../../../shared/config/index.ts";
import { defineControl, policyParamsSchema, valueAt } from "../../../shared/controls/index.ts";
import { evaluateDocument, paramsFor } from "../../../shared/engine/index.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

const KEY_ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/security/providers/Microsoft.KeyVault/vaults/kv-payments/keys/orders";
const key = (ageDays: number): ArmDocument => ({ id: KEY_ID, type: "Microsoft.KeyVault/vaults/keys", properties: { ageDays } });

/** A control with a policy-tunable threshold and a fix that needs a parameter only the policy can give. */
const keyAge = defineControl({
  id: "test.key-age",
  title: "Key is younger than the policy's maximum age",
  severity: "medium",
  stage: "key-management",
  resourceTypes: ["Microsoft.KeyVault/vaults/keys"],
  minClassification: "public",
  defaultDecision: "remediate",
  params: z.strictObject({ maxAgeDays: z.number().int().min(1).default(365).describe("Oldest acceptable key, in days.") }),
  evaluate: (doc, { params }) => {
    const age = valueAt(doc, "properties.ageDays");
    const expected = `at most ${params.maxAgeDays} days`;
    if (typeof age !== "number") return { status: "unknown", evidence: { path: "properties.ageDays", actual: age ?? null, expected } };
    return { status: age <= params.maxAgeDays ? "compliant" : "noncompliant", evidence: { path: "properties.ageDays", actual: age, expected } };
  },
  fix: {
    safety: "safe",
    params: z.strictObject({ rotationPolicyName: z.string().describe("The rotation policy to attach.") }),
    plan: (doc, params) => ({
      changes: [{ path: "properties.rotationPolicy", before: null, after: { name: params.rotationPolicyName, expiresAfterDays: params.maxAgeDays } }],
      summary: `Attach rotation policy ${params.rotationPolicyName}`,
    }),
  },
  refs: { waf: "SE:07" },
});

/** The policy as the loader would leave it for this control: its params parsed with the control's schema. */
function policyGiving(params: Record<string, unknown>): Policy {
  return { ...DEFAULT_POLICY, controls: { [keyAge.id]: { params: policyParamsSchema(keyAge).parse(params) } } };
}

const evaluate = (doc: ArmDocument, policy: Policy) => evaluateDocument({ doc }, { policy, catalog: [keyAge] })[0];

describe("control parameters in the engine", () => {
  it("judges with the threshold's default when the policy names none, and tickets the fix that needs a parameter", () => {
    const evaluation = evaluate(key(400), DEFAULT_POLICY);
    expect(evaluation?.context.params).toEqual({ maxAgeDays: 365 });
    expect(evaluation?.finding).toMatchObject({ status: "noncompliant", decision: "ticket", evidence: { expected: "at most 365 days" } });
    expect(evaluation?.finding.reason).toBe("the fix cannot be planned: controls.test.key-age.params is missing or incomplete (the fix needs rotationPolicyName)");
    expect(evaluate(key(300), DEFAULT_POLICY)?.finding.status).toBe("compliant");
  });

  it("hands the policy's values to both the evaluation and the fix", () => {
    const policy = policyGiving({ maxAgeDays: 90, rotationPolicyName: "yearly" });
    const evaluation = evaluate(key(300), policy);
    expect(evaluation?.finding).toMatchObject({ status: "noncompliant", decision: "remediate", evidence: { expected: "at most 90 days" } });
    expect(evaluation?.fix?.changes).toEqual([{ path: "properties.rotationPolicy", before: null, after: { name: "yearly", expiresAfterDays: 90 } }]);
  });

  it("gives the re-check after a fix the context the finding was judged in", () => {
    const evaluation = evaluate(key(300), policyGiving({ maxAgeDays: 90, rotationPolicyName: "yearly" }));
    if (!evaluation) throw new Error("no evaluation");
    expect(evaluation.control.evaluate(key(100), evaluation.context).status).toBe("noncompliant");
    expect(evaluation.control.evaluate(key(30), evaluation.context).status).toBe("compliant");
  });

  it("fills the threshold's default when the policy gives only the fix's parameter", () => {
    const evaluation = evaluate(key(400), policyGiving({ rotationPolicyName: "yearly" }));
    expect(evaluation?.fix?.changes[0]?.after).toEqual({ name: "yearly", expiresAfterDays: 365 });
  });

  it("works out a control's defaults once, not per document", () => {
    expect(paramsFor(keyAge, DEFAULT_POLICY)).toBe(paramsFor(keyAge, DEFAULT_POLICY));
    expect(paramsFor(keyAge, DEFAULT_POLICY)).toEqual({ evaluation: { maxAgeDays: 365 }, missing: ["rotationPolicyName"] });
  });

  it("plans a fix whose parameters all have defaults without the policy naming them", () => {
    const withDefaults = defineControl({
      ...keyAge,
      id: "test.key-age-defaults",
      fix: { safety: "safe", params: z.strictObject({ rotationPolicyName: z.string().default("default").describe("d") }), plan: () => ({ changes: [], summary: "nothing" }) },
    });
    expect(paramsFor(withDefaults, DEFAULT_POLICY)).toEqual({ evaluation: { maxAgeDays: 365 }, fix: { maxAgeDays: 365, rotationPolicyName: "default" }, missing: [] });
  });
});
