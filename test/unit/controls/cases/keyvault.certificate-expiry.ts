import type { CaseTable } from "../caseTable.ts";

const CERT = "keyvault/certificate.json";
const EMAIL_ONLY = [{ action: { actionType: "EmailContacts" }, trigger: { daysBeforeExpiry: 30 } }];

export default {
  fix: "none",
  cases: [
    { name: "accepts a certificate far from expiry", doc: CERT, now: "2026-12-05T08:00:00Z", status: "compliant" },
    {
      name: "accepts one inside the window when auto-renewal comes first",
      doc: { fixture: CERT, set: { "properties.policy.lifetimeActions": [{ action: { actionType: "AutoRenew" }, trigger: { daysBeforeExpiry: 14 } }] } },
      now: "2027-05-10T08:00:00Z",
      status: "compliant",
      reason: /auto-renewal \(issuer Self\) is due on 2027-05-18/,
    },
    {
      name: "rejects an expired certificate, due at once",
      doc: CERT,
      now: "2027-06-02T08:00:00Z",
      status: "noncompliant",
      reason: /expired on 2027-06-01/,
      evidence: { dueBy: "2027-06-02T08:00:00.000Z" },
    },
    {
      name: "rejects one expiring within the window with no auto-renewal, due the day before it expires, naming certificate, subject, issuer and vault",
      doc: { fixture: CERT, set: { "properties.policy.lifetimeActions": EMAIL_ONLY } },
      now: "2027-05-22T08:00:00Z",
      status: "noncompliant",
      reason: /in 10 day\(s\), and no AutoRenew lifetime action renews it/,
      evidence: {
        path: "properties.attributes.expires",
        actual: { certificate: "shop-contoso-com", subject: "CN=shop.contoso.com", issuer: "Self", vault: "kv-apps-prod", expires: "2027-06-01T00:00:00.000Z" },
        dueBy: "2027-05-31T00:00:00.000Z",
      },
    },
    {
      name: "rejects one whose auto-renewal was due and did not happen",
      doc: CERT,
      now: "2027-05-10T08:00:00Z",
      status: "noncompliant",
      reason: /auto-renewal was due on 2027-03-\d\d and has not happened/,
    },
    {
      name: "rejects one inside the window whose issuer Key Vault cannot renew with",
      doc: { fixture: CERT, set: { "properties.policy.issuerParameters.name": "Unknown" } },
      now: "2027-05-25T08:00:00Z",
      status: "noncompliant",
      reason: /issuer \(Unknown\)/,
    },
    {
      name: "widens the window with expiryWarningDays",
      doc: { fixture: CERT, set: { "properties.policy.lifetimeActions": EMAIL_ONLY } },
      params: { expiryWarningDays: 60 },
      now: "2027-04-10T08:00:00Z",
      status: "noncompliant",
    },
    { name: "says unknown without an expiry date", doc: { fixture: CERT, set: { "properties.attributes.expires": undefined } }, now: "2026-12-05T08:00:00Z", status: "unknown" },
    { name: "says unknown for an expiry that is not a time", doc: { fixture: CERT, set: { "properties.attributes.expires": "soon" } }, now: "2026-12-05T08:00:00Z", status: "unknown" },
    { name: "refuses a window of no days", params: { expiryWarningDays: 0 }, refused: ["expiryWarningDays"] },
  ],
} satisfies CaseTable;
