import type { CaseTable } from "../caseTable.ts";

const KEY = "keyvault/key-rsa-hsm-rotating.json";

export default {
  // A key's expiry is never set by the service: a ticket.
  fix: "none",
  cases: [
    { name: "accepts a key with an expiration date", doc: KEY, status: "compliant", evidence: { path: "properties.attributes.exp", actual: "2027-12-01" } },
    {
      name: "accepts a key whose rotation policy rotates it before the expiry it gives new versions",
      doc: { fixture: KEY, set: { "properties.attributes.exp": undefined } },
      status: "compliant",
      reason: /rotation policy replaces the key/,
    },
    { name: "rejects an enabled key that never expires", doc: "keyvault/key-rsa-software-no-expiry.json", status: "noncompliant", reason: /never expires/ },
    { name: "reads an absent enabled flag as enabled", doc: { fixture: "keyvault/key-rsa-software-no-expiry.json", set: { "properties.attributes.enabled": undefined } }, status: "noncompliant" },
    {
      name: "lets a disabled key go without one",
      doc: { fixture: KEY, set: { "properties.attributes.exp": undefined, "properties.attributes.enabled": false } },
      status: "compliant",
      reason: /disabled/,
    },
    { name: "says unknown without attributes", doc: { fixture: KEY, set: { "properties.attributes": undefined } }, status: "unknown" },
    { name: "says unknown for an exp that is not a unix time", doc: { fixture: KEY, set: { "properties.attributes.exp": "next year" } }, status: "unknown" },
  ],
} satisfies CaseTable;
