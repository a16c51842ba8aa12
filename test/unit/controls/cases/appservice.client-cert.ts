import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "none",
  cases: [
    {
      name: "accepts required client certificates",
      doc: { fixture: "web/site-config-filled.json", set: { "properties.clientCertEnabled": true, "properties.clientCertMode": "Required" } },
      status: "compliant",
      classification: "highly-confidential",
    },
    {
      name: "accepts enabled certificates without a mode (the default is Required)",
      doc: { fixture: "web/site-config-filled.json", set: { "properties.clientCertEnabled": true, "properties.clientCertMode": undefined } },
      status: "compliant",
    },
    { name: "rejects client certificates off", doc: { fixture: "web/site-config-filled.json", set: { "properties.clientCertEnabled": false } }, status: "noncompliant" },
    {
      name: "rejects the Optional mode",
      doc: { fixture: "web/site-config-filled.json", set: { "properties.clientCertEnabled": true, "properties.clientCertMode": "Optional" } },
      status: "noncompliant",
      evidence: { path: "properties.clientCertMode", actual: "Optional" },
    },
    { name: "says unknown for a flag that is not a boolean", doc: { fixture: "web/site-config-filled.json", set: { "properties.clientCertEnabled": "sometimes" } }, status: "unknown" },
  ],
} satisfies CaseTable;
