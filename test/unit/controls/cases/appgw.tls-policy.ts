import type { CaseTable } from "../caseTable.ts";

const EXPECTED = "predefined AppGwSslPolicy20220101 or 20220101S, or a custom policy with minProtocolVersion TLSv1_2+ and only AES-GCM cipher suites";
const GCM = "network/appgw-custom-gcm.json";

export default {
  // Clients of the listeners that only speak older TLS or CBC ciphers stop connecting.
  fix: "disruptive",
  cases: [
    { name: "accepts the predefined 2022 S policy", doc: "network/appgw-predefined-2022s.json", status: "compliant" },
    {
      name: "rejects an older predefined policy even when it is the S variant",
      doc: "network/appgw-predefined-2017s.json",
      status: "noncompliant",
      evidence: { path: "properties.sslPolicy.policyName", actual: "AppGwSslPolicy20170401S", expected: EXPECTED },
    },
    { name: "accepts a custom TLS 1.2 policy with AES-GCM suites only", doc: GCM, status: "compliant" },
    {
      name: "rejects a custom policy with a CBC suite, naming it",
      doc: "network/appgw-custom-cbc.json",
      status: "noncompliant",
      evidence: { path: "properties.sslPolicy.cipherSuites" },
      reason: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
    },
    { name: "rejects a custom policy that allows TLS 1.0", doc: "network/appgw-custom-tls10.json", status: "noncompliant" },
    { name: "accepts a TLS 1.3 minimum whatever the suite list", doc: "network/appgw-custom-tls13.json", status: "compliant" },
    {
      name: "falls back to defaultPredefinedSslPolicy when sslPolicy is absent",
      doc: "network/appgw-default-2022.json",
      status: "compliant",
      evidence: { path: "properties.defaultPredefinedSslPolicy" },
    },
    { name: "applies the legacy 2015 policy when neither is there", doc: "network/appgw-legacy-no-policy.json", status: "noncompliant", reason: /AppGwSslPolicy20150501/ },
    {
      name: "rejects a custom policy without cipher suites",
      doc: { fixture: GCM, set: { "properties.sslPolicy": { policyType: "Custom", minProtocolVersion: "TLSv1_2", cipherSuites: [] } } },
      status: "noncompliant",
      reason: "no cipher suites listed",
    },
    {
      name: "rejects a custom policy without a readable minimum",
      doc: { fixture: GCM, set: { "properties.sslPolicy": { policyType: "Custom", cipherSuites: ["TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"] } } },
      status: "noncompliant",
      evidence: { path: "properties.sslPolicy.minProtocolVersion" },
    },
    { name: "says unknown for an sslPolicy that is not an object", doc: { fixture: GCM, set: { "properties.sslPolicy": "AppGwSslPolicy20220101" } }, status: "unknown" },
    {
      name: "plans the predefined 2022 policy for a custom CBC policy",
      fix: "network/appgw-custom-cbc.json",
      changes: [
        {
          path: "properties.sslPolicy",
          before: { policyType: "Custom", minProtocolVersion: "TLSv1_2", cipherSuites: ["TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"] },
          after: { policyType: "Predefined", policyName: "AppGwSslPolicy20220101" },
        },
      ],
    },
    { name: "plans the predefined 2022 policy for a legacy gateway", fix: "network/appgw-legacy-no-policy.json" },
  ],
} satisfies CaseTable;
