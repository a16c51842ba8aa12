import { z } from "zod";
import { CERTIFICATE_TYPE, certificateFacts, dateAt, daysBetween, EXPIRES, NOT_BEFORE, VALIDITY_MONTHS } from "../certificates.ts";
import { isMissing, propertiesOf, unreadable, valueAt, verdict } from "../evidence.ts";
import { defineControl } from "../params.ts";
import type { EvalContext, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const params = z.strictObject({
  maxValidityMonths: z.number().int().min(1).max(120).default(12).describe("The longest validity a certificate's policy may ask for, in months."),
});

type Params = z.output<typeof params>;

/** Average month: a 12-month certificate issued on 31 January still reads as 12 months. */
const DAYS_PER_MONTH = 365.25 / 12;

function evaluateLifetime(doc: ArmDocument, ctx: EvalContext<Params>): Verdict {
  const max = ctx.params.maxValidityMonths;
  const expected = `validity of at most ${max} months`;
  if (!propertiesOf(doc)) return unreadable(VALIDITY_MONTHS, expected);
  const months = valueAt(doc, VALIDITY_MONTHS);
  if (typeof months === "number" && Number.isFinite(months)) {
    const facts = certificateFacts(doc, { validityInMonths: months });
    if (months > max) return verdict("noncompliant", VALIDITY_MONTHS, facts, expected, `the policy issues ${months}-month certificates: a leaked key stays valid that long`);
    return verdict("compliant", VALIDITY_MONTHS, facts, expected);
  }
  if (!isMissing(months)) return verdict("unknown", VALIDITY_MONTHS, months, expected, "validityInMonths is not a number");
  // No policy value (an imported certificate, a policy not read): the certificate's own dates say how long it lives.
  const notBefore = dateAt(doc, NOT_BEFORE);
  const expires = dateAt(doc, EXPIRES);
  if (!notBefore || !expires) return verdict("unknown", VALIDITY_MONTHS, null, expected, "neither the policy's validity nor the certificate's dates were read");
  const lived = Math.round((daysBetween(notBefore, expires) / DAYS_PER_MONTH) * 10) / 10;
  const facts = certificateFacts(doc, { notBefore: notBefore.toISOString(), expires: expires.toISOString(), months: lived });
  if (lived > max + 0.5) return verdict("noncompliant", "properties.attributes", facts, expected, `the certificate is valid for ${lived} months`);
  return verdict("compliant", "properties.attributes", facts, expected);
}

export const keyvaultCertificateLifetime = defineControl({
  id: "keyvault.certificate-lifetime",
  title: "Key Vault certificate is short-lived (validity within the policy's maximum)",
  severity: "medium",
  stage: "key-management",
  resourceTypes: [CERTIFICATE_TYPE],
  minClassification: "public",
  defaultDecision: "ticket",
  params,
  evaluate: evaluateLifetime,
  // No fix: a shorter validity applies from the next issuance, and the issuer (a CA) may cap it differently.
  refs: { waf: "SE:07", mcsb: "DP-7", policy: "0a075868-4c26-42ef-914c-5bc007359560" },
});
