import type { CaseTable } from "../caseTable.ts";

const STORAGE = "storage/account-cmk-hardened.json";
const PINNED = { fixture: STORAGE, set: { "properties.encryption.keyvaultproperties.keyversion": "6a1b2c3d4e5f40718293a4b5c6d7e8f9" } };
const DES = "compute/disk-encryption-set-pinned.json";
const PROTECTOR = "sql/protector-key-vault.json";

export default {
  // Safe: the same key keeps wrapping the data; only the version followed changes.
  fix: "safe",
  cases: [
    { name: "accepts a storage account without a pinned version", doc: STORAGE, status: "compliant" },
    { name: "rejects a storage account pinned to a version", doc: PINNED, status: "noncompliant", reason: /pinned to key version/ },
    { name: "rejects a disk encryption set that does not follow the latest version", doc: DES, status: "noncompliant" },
    { name: "accepts a SQL protector with auto-rotation", doc: PROTECTOR, status: "compliant" },
    { name: "says unknown for a flag that is not a boolean", doc: { fixture: DES, set: { "properties.rotationToLatestKeyVersionEnabled": "sometimes" } }, status: "unknown" },
    { name: "unpins a storage account's key version", fix: PINNED },
    { name: "turns on the disk encryption set's rotation to the latest version", fix: DES, changes: [{ path: "properties.rotationToLatestKeyVersionEnabled", before: false, after: true }] },
    { name: "turns on the SQL protector's auto-rotation", fix: { fixture: PROTECTOR, set: { "properties.autoRotationEnabled": false } } },
    { name: "leaves a service-managed protector to others", doc: "sql/protector-service-managed.json", selected: false },
  ],
} satisfies CaseTable;
