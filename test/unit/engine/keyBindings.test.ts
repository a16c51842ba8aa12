/** Offline `evaluate`: bindings resolve against the key documents of the same input. */
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../../shared/config/policy.ts";
import { findingsOf, KeyBook } from "../../../shared/engine/index.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";
import { armFixture } from "../controls/arm-fixtures.ts";

const NOW = new Date("2026-06-01T00:00:00Z");
const key = armFixture("keyvault/key-rsa-hsm-rotating.json");
const storage = armFixture("storage/account-cmk-hardened.json");
const vault = {
  ...armFixture("keyvault/vault-hardened.json"),
  id: "/subscriptions/3f2a6c1e-8d4b-4a57-9a0e-2b7c9d1e5f60/resourceGroups/rg-keys/providers/Microsoft.KeyVault/vaults/kv-contoso-keys",
  name: "kv-contoso-keys",
};

const finding = (book: KeyBook, doc: ArmDocument, controlId: string) => findingsOf(book.inputFor(doc), { policy: DEFAULT_POLICY, now: NOW }).find((f) => f.controlId === controlId)!;

/** The storage account naming its key in another casing, with a pinned version. */
function pinnedUpperCase(): ArmDocument {
  const doc = structuredClone(storage);
  const properties = (doc.properties as { encryption: { keyvaultproperties: Record<string, string> } }).encryption.keyvaultproperties;
  properties.keyvaulturi = "https://KV-CONTOSO-KEYS.vault.azure.net/";
  properties.keyname = "Storage-Wrap";
  properties.keyversion = "6a1b2c3d4e5f40718293a4b5c6d7e8f9";
  return doc;
}

describe("offline bindings (KeyBook)", () => {
  it("resolves a binding to the key document of the same input, case-insensitively, with or without a version, and records where it came from", () => {
    const book = new KeyBook([storage, key, vault]);
    for (const doc of [storage, pinnedUpperCase()]) {
      const f = finding(book, doc, "cmk.key-available");
      expect(f.status).toBe("compliant");
      expect(f.evidence.actual).toMatchObject({ keyId: key.id, source: "input" });
    }
    expect(finding(book, storage, "cmk.vault-protection").status).toBe("compliant");
  });

  it("says unknown, never non-compliant, when the input does not hold the key", () => {
    const f = finding(new KeyBook([storage]), storage, "cmk.key-available");
    expect(f.status).toBe("unknown");
    expect(f.reason).toMatch(/no key document with that URI is in the input/);
  });

  it("replaces a key attachment the input carries itself: only the service attaches keys", () => {
    const forged = { ...storage, boundKey: { uri: "https://kv-contoso-keys.vault.azure.net/keys/storage-wrap", source: "arm", key: { ...key, properties: { attributes: { enabled: true } } } } };
    expect(finding(new KeyBook([forged]), forged, "cmk.key-available").status).toBe("unknown");
  });

  it("gives a key the highest classification of the resources in the input that use it, and names them", () => {
    const confidentialUser = { ...storage, tags: { "data-classification": "highly-confidential" } };
    const f = finding(new KeyBook([confidentialUser, key]), key, "keyvault.key-hsm");
    expect(f.classification).toBe("highly-confidential");
    expect(f.evidence.classifiedBy).toEqual({ source: "resources that use the key", resources: [storage.id] });
    expect(finding(new KeyBook([key]), key, "keyvault.key-hsm").status).toBe("not-applicable");
  });
});
