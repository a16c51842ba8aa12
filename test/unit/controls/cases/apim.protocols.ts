import type { CaseTable } from "../caseTable.ts";

const S = "Microsoft.WindowsAzure.ApiManagement.Gateway.Security";
const CUSTOM = "properties.customProperties";
const OFF = Object.fromEntries(
  ["Protocols.Tls10", "Protocols.Tls11", "Protocols.Ssl30", "Backend.Protocols.Tls10", "Backend.Protocols.Tls11", "Backend.Protocols.Ssl30", "Ciphers.TripleDes168"].map((name) => [
    `${S}.${name}`,
    "False",
  ]),
);

export default {
  fix: "safe",
  cases: [
    { name: 'accepts every weak switch at "False"', doc: "apim/service-hardened.json", status: "compliant" },
    {
      name: "rejects TLS 1.0, backend TLS 1.1 and 3DES on, naming them",
      doc: "apim/service-tls10-3des.json",
      status: "noncompliant",
      reason: "on: Protocols.Tls10, Backend.Protocols.Tls11, Ciphers.TripleDes168",
    },
    {
      name: "rejects a service created before 1 April 2018 without the switches (they default to on)",
      doc: "apim/service-2017-without-custom-properties.json",
      status: "noncompliant",
      reason: /on or before 1 April 2018/,
    },
    {
      name: "accepts a service created later without the switches (they default to off)",
      doc: { fixture: "apim/service-2017-without-custom-properties.json", set: { "properties.createdAtUtc": "2023-05-02T08:00:00Z" } },
      status: "compliant",
    },
    {
      name: "says unknown for absent switches when the creation date is not there",
      doc: { fixture: "apim/service-2017-without-custom-properties.json", set: { "properties.createdAtUtc": undefined } },
      status: "unknown",
      reason: /createdAtUtc/,
    },
    {
      name: "says unknown for a switch that is neither True nor False",
      doc: { fixture: "apim/service-hardened.json", set: { [CUSTOM]: { ...OFF, [`${S}.Protocols.Tls10`]: "Maybe" } } },
      status: "unknown",
    },
    { name: 'reads the strings case-insensitively ("false")', doc: { fixture: "apim/service-hardened.json", set: { [CUSTOM]: { ...OFF, [`${S}.Protocols.Tls10`]: "false" } } }, status: "compliant" },
    {
      name: "plans the whole map with the weak switches off, keeping HTTP/2 and the other ciphers",
      fix: "apim/service-tls10-3des.json",
      changes: [
        {
          path: CUSTOM,
          before: {
            ...OFF,
            [`${S}.Protocols.Tls10`]: "True",
            [`${S}.Backend.Protocols.Tls11`]: "True",
            [`${S}.Ciphers.TripleDes168`]: "True",
            [`${S}.Ciphers.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA`]: "False",
            "Microsoft.WindowsAzure.ApiManagement.Gateway.Protocols.Server.Http2": "True",
          },
          after: { ...OFF, [`${S}.Ciphers.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA`]: "False", "Microsoft.WindowsAzure.ApiManagement.Gateway.Protocols.Server.Http2": "True" },
        },
      ],
    },
    { name: "plans the switches for an old service that has none", fix: "apim/service-2017-without-custom-properties.json" },
  ],
} satisfies CaseTable;
