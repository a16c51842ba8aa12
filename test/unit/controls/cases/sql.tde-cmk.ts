import type { CaseTable } from "../caseTable.ts";

export default {
  // The key must first be registered as a server key and the server's identity granted on it.
  fix: "none",
  cases: [
    { name: "accepts a Key Vault protector", doc: "sql/protector-key-vault.json", status: "compliant" },
    {
      name: "rejects the service-managed protector",
      doc: "sql/protector-service-managed.json",
      status: "noncompliant",
      evidence: { path: "properties.serverKeyType", actual: "ServiceManaged", expected: "AzureKeyVault" },
    },
    { name: "reads a missing key type as service-managed", doc: { fixture: "sql/protector-key-vault.json", set: { properties: { serverKeyName: "x" } } }, status: "noncompliant" },
    { name: "says unknown for a key type that is not a string", doc: { fixture: "sql/protector-key-vault.json", set: { "properties.serverKeyType": 5 } }, status: "unknown" },
  ],
} satisfies CaseTable;
