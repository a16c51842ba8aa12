import type { CaseTable } from "../caseTable.ts";

const CERT = "keyvault/certificate.json";

export default {
  fix: "none",
  cases: [
    { name: "accepts AutoRenew with the Self issuer", doc: CERT, status: "compliant" },
    {
      name: "accepts AutoRenew with a CA issuer the vault is configured for",
      doc: { fixture: CERT, set: { "properties.policy.issuerParameters.name": "DigiCert" } },
      status: "compliant",
    },
    {
      name: "rejects a policy that only emails contacts",
      doc: { fixture: CERT, set: { "properties.policy.lifetimeActions": [{ action: { actionType: "EmailContacts" }, trigger: { lifetimePercentage: 90 } }] } },
      status: "noncompliant",
      reason: /no AutoRenew lifetime action/,
    },
    { name: "rejects a policy with no lifetime actions at all", doc: { fixture: CERT, set: { "properties.policy.lifetimeActions": [] } }, status: "noncompliant" },
    {
      name: "rejects the Unknown issuer (Key Vault cannot renew it)",
      doc: { fixture: CERT, set: { "properties.policy.issuerParameters.name": "Unknown" } },
      status: "noncompliant",
      evidence: { path: "properties.policy.issuerParameters.name" },
    },
    { name: "says unknown when the policy was not read", doc: { fixture: CERT, set: { "properties.policy": undefined } }, status: "unknown" },
    { name: "says unknown when the lifetime actions are absent", doc: { fixture: CERT, set: { "properties.policy.lifetimeActions": undefined } }, status: "unknown" },
    { name: "says unknown when the issuer is absent", doc: { fixture: CERT, set: { "properties.policy.issuerParameters": undefined } }, status: "unknown" },
  ],
} satisfies CaseTable;
