import type { CaseTable } from "../caseTable.ts";

const ROTATING = "keyvault/key-rsa-hsm-rotating.json";
const NONE = "keyvault/key-rsa-software-no-expiry.json";

export default {
  // Disruptive: a data-plane write, and new key versions appear on schedule.
  fix: "disruptive",
  cases: [
    { name: "accepts a Rotate action 180 days after creation", doc: ROTATING, classification: "confidential", status: "compliant" },
    { name: "rejects a key without a rotation policy", doc: NONE, classification: "confidential", status: "noncompliant", reason: /no rotation policy/ },
    {
      name: "rejects a policy that only notifies",
      doc: { fixture: ROTATING, set: { "properties.rotationPolicy.lifetimeActions": [{ trigger: { timeBeforeExpiry: "P30D" }, action: { type: "Notify" } }] } },
      classification: "confidential",
      status: "noncompliant",
      reason: /no automatic Rotate/,
    },
    { name: "follows the policy's maximum", doc: ROTATING, classification: "confidential", params: { maxRotationDays: 90 }, status: "noncompliant", reason: /180 days/ },
    {
      name: "counts a rotation before expiry against the policy's expiryTime",
      doc: {
        fixture: ROTATING,
        set: { "properties.rotationPolicy.lifetimeActions": [{ trigger: { timeBeforeExpiry: "P60D" }, action: { type: "Rotate" } }], "properties.rotationPolicy.attributes.expiryTime": "P1Y" },
      },
      classification: "confidential",
      status: "compliant",
    },
    {
      name: "says unknown for a duration that is not ISO 8601",
      doc: { fixture: ROTATING, set: { "properties.rotationPolicy.lifetimeActions": [{ trigger: { timeAfterCreate: "6 months" }, action: { type: "Rotate" } }] } },
      classification: "confidential",
      status: "unknown",
    },
    {
      name: "adds a Rotate action at the maximum",
      fix: NONE,
      changes: [{ path: "properties.rotationPolicy", before: null, after: { lifetimeActions: [{ trigger: { timeAfterCreate: "P365D" }, action: { type: "Rotate" } }] } }],
    },
    { name: "shortens a slow rotation, keeping the notification and expiryTime", fix: ROTATING, params: { maxRotationDays: 90 } },
  ],
} satisfies CaseTable;
