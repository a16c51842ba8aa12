import type { CaseTable } from "../caseTable.ts";

export default {
  // The account's identity needs key permissions and a defaultIdentity first, and re-encryption runs for hours.
  fix: "none",
  cases: [
    { name: "accepts a key URI", doc: "cosmos/account-cmk-tls12.json", status: "compliant", classification: "confidential" },
    { name: "rejects no key URI", doc: "cosmos/account-tls10.json", status: "noncompliant", reason: /service-managed keys/ },
    { name: "rejects an empty key URI", doc: "cosmos/account-tls-absent.json", status: "noncompliant", evidence: { actual: "" } },
    { name: "says unknown for a key URI that is not a string", doc: { fixture: "cosmos/account-tls10.json", set: { properties: { keyVaultKeyUri: { uri: "x" } } } }, status: "unknown" },
  ],
} satisfies CaseTable;
