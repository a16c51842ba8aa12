import type { CaseTable } from "../caseTable.ts";

const CERT = "keyvault/certificate.json";

export default {
  fix: "none",
  cases: [
    { name: "accepts a 12-month policy", doc: CERT, status: "compliant" },
    {
      name: "rejects a 24-month policy",
      doc: { fixture: CERT, set: { "properties.policy.x509CertificateProperties.validityInMonths": 24 } },
      status: "noncompliant",
      evidence: {
        path: "properties.policy.x509CertificateProperties.validityInMonths",
        actual: { certificate: "shop-contoso-com", subject: "CN=shop.contoso.com", issuer: "Self", vault: "kv-apps-prod", validityInMonths: 24 },
      },
    },
    {
      name: "holds to a shorter maximum from the policy",
      doc: { fixture: CERT, set: { "properties.policy.x509CertificateProperties.validityInMonths": 12 } },
      params: { maxValidityMonths: 6 },
      status: "noncompliant",
    },
    {
      name: "reads the certificate's own dates when the policy has no validity",
      doc: { fixture: CERT, set: { "properties.policy.x509CertificateProperties.validityInMonths": undefined, "properties.attributes.expires": "2028-06-01T00:00:00.000Z" } },
      status: "noncompliant",
      reason: /valid for 24 months/,
    },
    {
      name: "accepts a one-year certificate by its dates",
      doc: { fixture: CERT, set: { "properties.policy": undefined } },
      status: "compliant",
    },
    {
      name: "says unknown with neither the policy's validity nor the dates",
      doc: { fixture: CERT, set: { "properties.policy": undefined, "properties.attributes.notBefore": undefined } },
      status: "unknown",
    },
    { name: "says unknown for a validity that is not a number", doc: { fixture: CERT, set: { "properties.policy.x509CertificateProperties.validityInMonths": "twelve" } }, status: "unknown" },
    { name: "refuses a maximum of no months", params: { maxValidityMonths: 0 }, refused: ["maxValidityMonths"] },
  ],
} satisfies CaseTable;
