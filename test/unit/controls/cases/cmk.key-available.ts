import { expect } from "vitest";
import type { CaseTable } from "../caseTable.ts";
import { boundStorage, keyWith, STORAGE } from "../bindingCases.ts";

// Cases are judged on 2026-06-01 (unix 1780272000).
const DAY = 86_400;
const NOW = 1_780_272_000;

export default {
  // Never fixed: the service does not enable keys or move their expiry. A ticket, due before the key expires.
  fix: "none",
  cases: [
    {
      name: "accepts an enabled key far from expiry",
      doc: boundStorage(),
      status: "compliant",
      evidence: {
        actual: { key: "https://kv-contoso-keys.vault.azure.net/keys/storage-wrap", resources: [expect.any(String)], keyId: expect.any(String), source: "arm", enabled: true, expires: "2027-12-01" },
      },
    },
    { name: "rejects a disabled key", doc: boundStorage({ key: keyWith({ enabled: false }) }), status: "noncompliant", reason: /disabled/ },
    {
      name: "rejects a key that expires in ten days with no rotation policy, due the day before",
      doc: boundStorage({ key: keyWith({ exp: NOW + 10 * DAY }, { rotationPolicy: undefined }) }),
      status: "noncompliant",
      reason: /expires on 2026-06-11 \(in 10 days\) and no rotation policy/,
      evidence: { dueBy: "2026-06-10T00:00:00.000Z" },
    },
    { name: "accepts a key inside the window whose rotation replaces it first", doc: boundStorage({ key: keyWith({ exp: NOW + 10 * DAY, created: NOW - 175 * DAY }) }), status: "compliant" },
    { name: "follows the policy's warning window", doc: boundStorage({ key: keyWith({ exp: NOW + 10 * DAY }, { rotationPolicy: undefined }) }), params: { expiryWarningDays: 5 }, status: "compliant" },
    { name: "rejects an expired key", doc: boundStorage({ key: keyWith({ exp: NOW - DAY }) }), status: "noncompliant", reason: /expired on 2026-05-31/ },
    {
      name: "rejects a key its vault no longer holds",
      doc: boundStorage({ key: undefined, missing: "vault kv-contoso-keys holds no key storage-wrap" }),
      status: "noncompliant",
      reason: /holds no key/,
    },
    { name: "says unknown when the key was not read with the resource (offline: not in the input)", doc: STORAGE, status: "unknown", reason: /not read with the resource/ },
    {
      name: "says unknown when the key could not be read",
      doc: boundStorage({ key: undefined, vault: undefined, unresolved: "no vault kv-contoso-keys in the subscriptions the service reads" }),
      status: "unknown",
      reason: /no vault/,
    },
    { name: "leaves a storage account without a customer-managed key to others", doc: "storage/account-legacy-defaults.json", selected: false },
  ],
} satisfies CaseTable;
