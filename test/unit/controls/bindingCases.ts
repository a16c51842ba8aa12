/** Binding documents with the key the collector would attach, for the cmk.* case tables. */
import { armFixture } from "./arm-fixtures.ts";
import type { FixtureVariant } from "./caseTable.ts";

export const STORAGE = "storage/account-cmk-hardened.json";
export const KEY = armFixture("keyvault/key-rsa-hsm-rotating.json");
export const VAULT_ID = "/subscriptions/3f2a6c1e-8d4b-4a57-9a0e-2b7c9d1e5f60/resourceGroups/rg-keys/providers/Microsoft.KeyVault/vaults/kv-contoso-keys";
export const KEY_URI = "https://kv-contoso-keys.vault.azure.net/keys/storage-wrap";

/** The storage account with its key attached as the collector attaches it; `key` and `vault` replace parts. */
export function boundStorage(bound: Record<string, unknown> = {}, set: Record<string, unknown> = {}): FixtureVariant {
  return {
    fixture: STORAGE,
    set: { boundKey: { uri: KEY_URI, source: "arm", key: KEY, vault: { id: VAULT_ID, enableSoftDelete: true, enablePurgeProtection: true }, ...bound }, ...set },
  };
}

/** The key with some attributes replaced. */
export function keyWith(attributes: Record<string, unknown>, properties: Record<string, unknown> = {}) {
  const props = KEY.properties as Record<string, unknown>;
  return { ...KEY, properties: { ...props, ...properties, attributes: { ...(props.attributes as object), ...attributes } } };
}
