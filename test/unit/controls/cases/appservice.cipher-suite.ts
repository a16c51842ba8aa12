import type { CaseTable } from "../caseTable.ts";

const SUITE = "properties.siteConfig.minTlsCipherSuite";

export default {
  fix: "safe",
  cases: [
    { name: "accepts an ECDHE AES-GCM minimum", doc: { fixture: "web/site-config-filled.json", set: { [SUITE]: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" } }, status: "compliant" },
    { name: "accepts a TLS 1.3 suite as the minimum", doc: { fixture: "web/site-config-filled.json", set: { [SUITE]: "TLS_AES_256_GCM_SHA384" } }, status: "compliant" },
    { name: "rejects a CBC minimum", doc: { fixture: "web/site-config-filled.json", set: { [SUITE]: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384" } }, status: "noncompliant" },
    {
      name: "rejects an RSA key exchange GCM suite, which comes after the CBC suites in the order",
      doc: { fixture: "web/site-config-filled.json", set: { [SUITE]: "TLS_RSA_WITH_AES_128_GCM_SHA256" } },
      status: "noncompliant",
    },
    { name: "rejects a read config without the setting (the default suites include CBC)", doc: "web/site-config-filled.json", status: "noncompliant", reason: /CBC/ },
    { name: "says unknown for a bare site GET (nulls in siteConfig)", doc: "web/site-bare-get.json", status: "unknown", reason: /config\/web/ },
    { name: "says unknown for a value that is not a string", doc: { fixture: "web/site-config-filled.json", set: { [SUITE]: 7 } }, status: "unknown" },
    { name: "plans TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", fix: "web/site-config-filled.json", changes: [{ path: SUITE, before: null, after: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" }] },
  ],
} satisfies CaseTable;
