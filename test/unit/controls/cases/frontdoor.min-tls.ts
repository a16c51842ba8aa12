import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "none",
  cases: [
    { name: "accepts a Standard/Premium custom domain at TLS12 (the service's customdomains casing)", doc: "frontdoor/afd-domain-tls12.json", status: "compliant" },
    { name: "accepts TLS13", doc: { fixture: "frontdoor/afd-domain-tls12.json", set: { "properties.tlsSettings.minimumTlsVersion": "TLS13" } }, status: "compliant" },
    { name: "rejects TLS10", doc: "frontdoor/afd-domain-tls10.json", status: "noncompliant", evidence: { path: "properties.tlsSettings.minimumTlsVersion", actual: "TLS10" } },
    { name: "says unknown for a custom domain without TLS settings", doc: { fixture: "frontdoor/afd-domain-tls12.json", set: { "properties.tlsSettings": undefined } }, status: "unknown" },
    { name: "accepts a classic front door whose custom HTTPS requires 1.2", doc: "frontdoor/classic-tls12.json", status: "compliant", evidence: { actual: ["shop-contoso-com"] } },
    { name: "rejects a classic frontend endpoint at 1.0, naming it", doc: "frontdoor/classic-tls10.json", status: "noncompliant", evidence: { actual: ["shop-contoso-com"] } },
    { name: "leaves a classic front door without custom HTTPS alone", doc: "frontdoor/classic-without-custom-https.json", status: "not-applicable" },
    {
      name: "says unknown for a classic front door without its frontend endpoints",
      doc: { fixture: "frontdoor/classic-tls12.json", set: { "properties.frontendEndpoints": undefined } },
      status: "unknown",
    },
    {
      name: "says unknown for custom HTTPS without a minimum TLS version",
      doc: {
        fixture: "frontdoor/classic-tls12.json",
        set: { "properties.frontendEndpoints": [{ name: "shop-contoso-com", properties: { customHttpsConfiguration: { certificateSource: "FrontDoor" } } }] },
      },
      status: "unknown",
    },
  ],
} satisfies CaseTable;
