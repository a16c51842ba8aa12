import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "safe",
  cases: [
    { name: "accepts Tls12", doc: "cosmos/account-cmk-tls12.json", status: "compliant" },
    {
      name: "rejects Tls (the spec example's value)",
      doc: "cosmos/account-tls10.json",
      status: "noncompliant",
      evidence: { path: "properties.minimalTlsVersion", actual: "Tls", expected: "Tls12 or higher" },
    },
    { name: "rejects Tls11", doc: "cosmos/account-tls11.json", status: "noncompliant" },
    { name: "reads an absent minimum as Tls12, the current default", doc: "cosmos/account-tls-absent.json", status: "compliant", reason: /default/ },
    { name: "says unknown for a value that is not a TLS version", doc: { fixture: "cosmos/account-cmk-tls12.json", set: { "properties.minimalTlsVersion": 12 } }, status: "unknown" },
    { name: "plans Tls12", fix: "cosmos/account-tls10.json", changes: [{ path: "properties.minimalTlsVersion", before: "Tls", after: "Tls12" }] },
    { name: "plans Tls12 for Tls11", fix: "cosmos/account-tls11.json" },
  ],
} satisfies CaseTable;
