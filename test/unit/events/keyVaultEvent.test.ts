import { describe, expect, it } from "vitest";
import { MalformedEventError, parseKeyVaultEvent } from "../../../shared/events/index.ts";

const VAULT = "/subscriptions/11111111-1111-4111-8111-111111111111/resourceGroups/rg-keys/providers/Microsoft.KeyVault/vaults/kv-main-keys";

/** A Key Vault event in the Event Grid schema, shaped as the vault's system topic sends it. */
function event(eventType: string, data: Record<string, unknown> = {}, topic = VAULT) {
  return {
    id: "7f1c7a2e-0000-4000-8000-000000000001",
    topic,
    subject: "storage-cmk",
    eventType,
    eventTime: "2026-06-01T00:00:00Z",
    data: {
      Id: "https://kv-main-keys.vault.azure.net/keys/storage-cmk/0123456789abcdef0123456789abcdef",
      VaultName: "kv-main-keys",
      ObjectType: "Key",
      ObjectName: "storage-cmk",
      Version: "0123456789abcdef0123456789abcdef",
      NBF: 1780272000,
      EXP: 1781136000,
      ...data,
    },
    dataVersion: "1",
    metadataVersion: "1",
  };
}

describe("Key Vault events", () => {
  it("maps a key's near-expiry event to the key under the topic's vault, and asks for its users too", () => {
    expect(parseKeyVaultEvent(event("Microsoft.KeyVault.KeyNearExpiry"))).toEqual({
      eventId: "7f1c7a2e-0000-4000-8000-000000000001",
      eventType: "Microsoft.KeyVault.KeyNearExpiry",
      vaultId: VAULT,
      resourceId: `${VAULT}/keys/storage-cmk`,
      keyEvent: true,
      eventTime: "2026-06-01T00:00:00Z",
    });
  });

  it("maps secrets and certificates to their collections, and reads CloudEvents too", () => {
    expect(parseKeyVaultEvent(event("Microsoft.KeyVault.SecretExpired", { ObjectType: "Secret", ObjectName: "db-password" }))).toMatchObject({
      resourceId: `${VAULT}/secrets/db-password`,
      keyEvent: false,
    });
    const cloud = {
      specversion: "1.0",
      id: "e-2",
      source: VAULT,
      subject: "web",
      type: "Microsoft.KeyVault.CertificateNearExpiry",
      time: "2026-06-01T00:00:00Z",
      data: { VaultName: "kv-main-keys", ObjectType: "Certificate", ObjectName: "web" },
    };
    expect(parseKeyVaultEvent(cloud)).toMatchObject({ resourceId: `${VAULT}/certificates/web`, keyEvent: false });
  });

  it("leaves other event types alone", () => {
    expect(parseKeyVaultEvent(event("Microsoft.KeyVault.VaultAccessPolicyChanged"))).toBeUndefined();
    expect(parseKeyVaultEvent(event("Microsoft.Resources.ResourceWriteSuccess"))).toBeUndefined();
  });

  it("refuses a topic that is not a vault, a vault name that differs from the topic's, and an object name Key Vault would not allow", () => {
    expect(() => parseKeyVaultEvent(event("Microsoft.KeyVault.KeyExpired", {}, "/subscriptions/11111111-1111-4111-8111-111111111111"))).toThrow(MalformedEventError);
    expect(() => parseKeyVaultEvent(event("Microsoft.KeyVault.KeyExpired", { VaultName: "kv-other" }))).toThrow(/not the topic's vault/);
    expect(() => parseKeyVaultEvent(event("Microsoft.KeyVault.KeyExpired", { ObjectName: "../../providers/Microsoft.Storage/storageAccounts/x" }))).toThrow(/ObjectName/);
  });
});
