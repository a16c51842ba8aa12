import { z } from "zod";
import { addDays, autoRenewOf, CERTIFICATE_TYPE, certificateFacts, dateAt, daysBetween, EXPIRES, isManualIssuer, issuerNameOf, NOT_BEFORE, renewalTime } from "../certificates.ts";
import { propertiesOf, unreadable, verdict } from "../evidence.ts";
import { defineControl } from "../params.ts";
import type { EvalContext, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const params = z.strictObject({
  expiryWarningDays: z.number().int().min(1).max(365).default(30).describe("Days before expiry from which a certificate that nothing renews in time is non-compliant (and its ticket opens)."),
});

type Params = z.output<typeof params>;

const day = (date: Date) => date.toISOString().slice(0, 10);

/** The ticket is due the day before the certificate expires (today, for one that has). */
function dueBy(now: Date, expires: Date): string {
  const due = addDays(expires, -1);
  return (due.getTime() > now.getTime() ? due : now).toISOString();
}

function withDue(v: Verdict, due: string): Verdict {
  return { ...v, evidence: { ...v.evidence, dueBy: due } };
}

function evaluateExpiry(doc: ArmDocument, ctx: EvalContext<Params>): Verdict {
  const warning = ctx.params.expiryWarningDays;
  const expected = `expires more than ${warning} days from now, or Key Vault renews it before then`;
  if (!propertiesOf(doc)) return unreadable(EXPIRES, expected);
  const now = ctx.now;
  if (!now) return verdict("unknown", EXPIRES, null, expected, "no evaluation time was given");
  const expires = dateAt(doc, EXPIRES);
  if (!expires) return verdict("unknown", EXPIRES, certificateFacts(doc, { expires: null }), expected, "the certificate's expiry date is absent or not a time");
  const facts = certificateFacts(doc, { expires: expires.toISOString() });
  const days = daysBetween(now, expires);
  if (days <= 0) return withDue(verdict("noncompliant", EXPIRES, facts, expected, `expired on ${day(expires)}: clients refuse it`), dueBy(now, expires));
  if (days > warning) return verdict("compliant", EXPIRES, facts, expected);
  const trigger = autoRenewOf(doc);
  const issuer = issuerNameOf(doc);
  const left = `expires on ${day(expires)}, in ${Math.ceil(days)} day(s)`;
  if (trigger && issuer && !isManualIssuer(issuer)) {
    const renewAt = renewalTime(trigger, dateAt(doc, NOT_BEFORE), expires);
    if (renewAt && renewAt.getTime() > now.getTime() && renewAt.getTime() < expires.getTime()) {
      return verdict("compliant", EXPIRES, facts, expected, `${left}; Key Vault's auto-renewal (issuer ${issuer}) is due on ${day(renewAt)}, before then`);
    }
    if (renewAt && renewAt.getTime() <= now.getTime()) {
      return withDue(
        verdict("noncompliant", EXPIRES, facts, expected, `${left}; auto-renewal was due on ${day(renewAt)} and has not happened: check the issuer ${issuer} and the certificate's pending operation`),
        dueBy(now, expires),
      );
    }
  }
  const why = !trigger
    ? "and no AutoRenew lifetime action renews it"
    : !issuer || isManualIssuer(issuer)
      ? `and its issuer (${issuer ?? "absent"}) is not one Key Vault can renew with`
      : "and auto-renewal would come too late";
  return withDue(verdict("noncompliant", EXPIRES, facts, expected, `${left}, ${why}`), dueBy(now, expires));
}

export const keyvaultCertificateExpiry = defineControl({
  id: "keyvault.certificate-expiry",
  title: "Key Vault certificate is not expired or about to expire without renewal",
  severity: "high",
  stage: "key-management",
  resourceTypes: [CERTIFICATE_TYPE],
  minClassification: "public",
  defaultDecision: "ticket",
  params,
  evaluate: evaluateExpiry,
  // No fix: renewing means the issuer (a CA) signs a new certificate, and whoever uses it must pick the new version up.
  refs: { waf: "SE:07", mcsb: "DP-7", policy: "f772fb64-8e40-40ad-87bc-7706e1949427" },
});
