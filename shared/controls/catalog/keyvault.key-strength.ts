import { z } from "zod";
import { isAtLeast } from "../classification.ts";
import { isMissing, valueAt, verdict } from "../evidence.ts";
import { defineControl } from "../params.ts";
import type { EvalContext, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const params = z.strictObject({
  minRsaBits: z.number().int().min(2048).max(16384).default(2048).describe("The smallest RSA key size allowed, in bits."),
  minRsaBitsHighlyConfidential: z.number().int().min(2048).max(16384).default(3072).describe("The smallest RSA key size allowed for a key that protects highly confidential data."),
});
type Params = z.output<typeof params>;

const CURVES = ["P-256", "P-384", "P-521"];

function evaluateStrength(doc: ArmDocument, ctx: EvalContext<Params>): Verdict {
  const kty = valueAt(doc, "properties.kty");
  if (typeof kty !== "string") return verdict("unknown", "properties.kty", kty, "an RSA or EC key", "the key type (kty) is not in the document");
  const type = kty.trim().toUpperCase();
  if (type.startsWith("RSA")) {
    const minimum = isAtLeast(ctx.classification, "highly-confidential") ? ctx.params.minRsaBitsHighlyConfidential : ctx.params.minRsaBits;
    const expected = `RSA of at least ${minimum} bits`;
    const size = valueAt(doc, "properties.keySize");
    if (isMissing(size) || typeof size !== "number") return verdict("unknown", "properties.keySize", size, expected, "the RSA key's size is not in the document");
    return size >= minimum ? verdict("compliant", "properties.keySize", size, expected) : verdict("noncompliant", "properties.keySize", size, expected, `${size}-bit RSA (${ctx.classification})`);
  }
  if (type.startsWith("EC")) {
    const expected = `an EC key on ${CURVES.join(", ")}`;
    const curve = valueAt(doc, "properties.curveName");
    if (typeof curve !== "string") return verdict("unknown", "properties.curveName", curve, expected, "the EC key's curve is not in the document");
    return CURVES.includes(curve.trim().toUpperCase())
      ? verdict("compliant", "properties.curveName", curve, expected)
      : verdict("noncompliant", "properties.curveName", curve, expected, `curve ${curve} is not an approved NIST curve`);
  }
  return verdict("unknown", "properties.kty", kty, "an RSA or EC key", "not an RSA or EC key");
}

export const keyvaultKeyStrength = defineControl({
  id: "keyvault.key-strength",
  title: "Key is strong enough: RSA of 2048 bits or more (3072 for highly confidential data), EC on P-256, P-384 or P-521",
  severity: "high",
  stage: "key-management",
  resourceTypes: ["Microsoft.KeyVault/vaults/keys"],
  minClassification: "public",
  defaultDecision: "ticket",
  params,
  evaluate: evaluateStrength,
  // No fix: a key's size or curve cannot change; a person creates a stronger key and moves the bindings to it.
  refs: { waf: "SE:07", mcsb: "DP-6", policy: "82067dbb-e53b-4e06-b631-546d197452d9" },
});
