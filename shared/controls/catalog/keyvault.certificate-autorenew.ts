import { autoRenewOf, CERTIFICATE_TYPE, certificateFacts, ISSUER_NAME, isManualIssuer, issuerNameOf, LIFETIME_ACTIONS } from "../certificates.ts";
import { isMissing, propertiesOf, unreadable, valueAt, verdict } from "../evidence.ts";
import type { Control, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const EXPECTED = "an AutoRenew lifetime action and an issuer Key Vault can renew with (Self or a configured CA issuer, not Unknown)";

function evaluateAutoRenew(doc: ArmDocument): Verdict {
  if (!propertiesOf(doc)) return unreadable(LIFETIME_ACTIONS, EXPECTED);
  if (isMissing(valueAt(doc, "properties.policy"))) return verdict("unknown", "properties.policy", null, EXPECTED, "the certificate's policy was not read");
  const trigger = autoRenewOf(doc);
  if (trigger === undefined) return verdict("unknown", LIFETIME_ACTIONS, valueAt(doc, LIFETIME_ACTIONS) ?? null, EXPECTED, "the policy's lifetime actions are absent or not a list");
  if (trigger === null) {
    return verdict(
      "noncompliant",
      LIFETIME_ACTIONS,
      certificateFacts(doc, { lifetimeActions: valueAt(doc, LIFETIME_ACTIONS) }),
      EXPECTED,
      "no AutoRenew lifetime action: the certificate is renewed by hand, if someone remembers",
    );
  }
  const issuer = issuerNameOf(doc);
  if (!issuer) return verdict("unknown", ISSUER_NAME, valueAt(doc, ISSUER_NAME) ?? null, EXPECTED, "the policy's issuer is absent");
  if (isManualIssuer(issuer)) {
    return verdict("noncompliant", ISSUER_NAME, certificateFacts(doc), EXPECTED, "issuer Unknown: Key Vault cannot ask a CA for the new certificate, so AutoRenew only notifies");
  }
  return verdict("compliant", ISSUER_NAME, certificateFacts(doc, { autoRenew: trigger }), EXPECTED);
}

export const keyvaultCertificateAutoRenew: Control = {
  id: "keyvault.certificate-autorenew",
  title: "Key Vault certificate renews itself (AutoRenew with an issuer Key Vault can use)",
  severity: "medium",
  stage: "key-management",
  resourceTypes: [CERTIFICATE_TYPE],
  minClassification: "public",
  defaultDecision: "ticket",
  evaluate: evaluateAutoRenew,
  // No fix: a CA issuer needs an account with the CA (credentials the service never holds), and the policy change renews on the next cycle only.
  refs: { waf: "SE:07", mcsb: "DP-7", policy: "12ef42cb-9903-4e39-9c26-422d29570417" },
};
