/**
 * A key's near-expiry event at the same intake as ARM's events: through the same queue, the key
 * and every resource that uses it are judged again, read from ARM (never from the event). A
 * certificate's event has its certificate read again from the vault's data plane.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyVault, vaultKey } from "../../../emulator/estates/documents/keyvault.ts";
import { storageAccount } from "../../../emulator/estates/documents/storage.ts";
import type { Place } from "../../../emulator/estates/documents/place.ts";
import { intake } from "../../../shared/workflow/index.ts";
import { startGuardStack, type GuardStack } from "../../setup/stack.ts";

const SUBSCRIPTION = "33333333-3333-4333-8333-333333333333";
const keys: Place = { subscriptionId: SUBSCRIPTION, resourceGroup: "rg-keys", location: "westeurope" };
const data: Place = { subscriptionId: SUBSCRIPTION, resourceGroup: "rg-data", location: "westeurope" };
// The estate's dates follow the stack's clock (the system's): the test asserts what was judged, not when.
const vault = keyVault(keys, "kv-event-keys", { enableSoftDelete: true, enablePurgeProtection: true });
const key = vaultKey(vault, "storage-cmk", new Date(), { kty: "RSA-HSM", keySize: 3072, expiresInDays: 20 });
const account = storageAccount(data, "steventbinding", {
  minimumTlsVersion: "TLS1_2",
  supportsHttpsTrafficOnly: true,
  cmkVault: "kv-event-keys",
  requireInfrastructureEncryption: true,
  tags: { "data-classification": "confidential" },
});

// A certificate ten days from expiry that nothing renews, in the same vault's data plane.
const SECONDS = Math.floor(Date.now() / 1000);
const certificate = {
  vault: "kv-event-keys",
  name: "www-event",
  attributes: { enabled: true, nbf: SECONDS - 355 * 86_400, exp: SECONDS + 10 * 86_400, created: SECONDS - 355 * 86_400 },
  policy: {
    key_props: { kty: "RSA", key_size: 2048 },
    x509_props: { subject: "CN=www.event.example", validity_months: 12 },
    lifetime_actions: [{ trigger: { days_before_expiry: 30 }, action: { action_type: "EmailContacts" } }],
    issuer: { name: "Unknown" },
  },
};
const certificateId = `${vault.id}/certificates/www-event`;

const nearExpiry = {
  id: "a3b0c1d2-0000-4000-8000-00000000abcd",
  topic: vault.id,
  subject: "storage-cmk",
  eventType: "Microsoft.KeyVault.KeyNearExpiry",
  eventTime: "2026-06-01T00:00:00Z",
  data: {
    Id: "https://kv-event-keys.vault.azure.net/keys/storage-cmk/0123456789abcdef0123456789abcdef",
    VaultName: "kv-event-keys",
    ObjectType: "Key",
    ObjectName: "storage-cmk",
    Version: "0123456789abcdef0123456789abcdef",
  },
  dataVersion: "1",
  metadataVersion: "1",
};

describe("Key Vault events at the intake", () => {
  let stack: GuardStack;
  beforeAll(async () => {
    stack = await startGuardStack({ emulator: { estate: [vault, key, account], subscriptions: [SUBSCRIPTION], certificates: [certificate] } });
  });
  afterAll(() => stack?.stop());

  it("queues a key's near-expiry event once, and the worker judges the key and the storage account that uses it", async () => {
    const outcome = await intake(stack.runtime, [nearExpiry, nearExpiry]);
    expect([outcome.queued, outcome.coalesced, outcome.malformed]).toEqual([1, 1, []]);
    await stack.drain();
    const keyFindings = await stack.runtime.ledger.findings.ofResource(key.id);
    expect(keyFindings.map((f) => f.controlId)).toEqual(expect.arrayContaining(["keyvault.key-expiry", "keyvault.key-rotation"]));
    const bindingFindings = await stack.runtime.ledger.findings.ofResource(account.id);
    const available = bindingFindings.find((f) => f.controlId === "cmk.key-available")!;
    expect([available.status, available.decision]).toEqual(["noncompliant", "ticket"]);
    expect(available.evidence.dueBy).toBeDefined();
  });

  it("queues a certificate's near-expiry event, and the worker reads the certificate from the vault's data plane and tickets it, due before it expires", async () => {
    const event = {
      ...nearExpiry,
      id: "c3b0c1d2-0000-4000-8000-00000000cdef",
      subject: "www-event",
      eventType: "Microsoft.KeyVault.CertificateNearExpiry",
      data: {
        Id: "https://kv-event-keys.vault.azure.net/certificates/www-event/5d0c1b2a39484756a5b4c3d2e1f00918",
        VaultName: "kv-event-keys",
        ObjectType: "Certificate",
        ObjectName: "www-event",
        Version: "5d0c1b2a39484756a5b4c3d2e1f00918",
      },
    };
    stack.emulator.clearRequests();
    const outcome = await intake(stack.runtime, [event]);
    expect([outcome.queued, outcome.malformed]).toEqual([1, []]);
    await stack.drain();
    const findings = await stack.runtime.ledger.findings.ofResource(certificateId);
    const statuses = Object.fromEntries(findings.map((f) => [f.controlId, f.status]));
    expect(statuses).toEqual({
      "keyvault.certificate-expiry": "noncompliant",
      "keyvault.certificate-autorenew": "noncompliant",
      "keyvault.certificate-lifetime": "compliant",
      "keyvault.certificate-key": "compliant",
    });
    const expiry = findings.find((f) => f.controlId === "keyvault.certificate-expiry")!;
    expect(expiry.decision).toBe("ticket");
    expect(expiry.evidence).toMatchObject({ actual: { certificate: "www-event", subject: "CN=www.event.example", issuer: "Unknown", vault: "kv-event-keys" } });
    expect(Date.parse(expiry.evidence.dueBy!)).toBeLessThan((SECONDS + 10 * 86_400) * 1000);
    // Read again, never trusted from the event: the certificate came from its vault's data plane.
    expect(stack.emulator.requests.filter((r) => r.host === "kv-event-keys.vault.localhost" && r.status === 200).map((r) => r.path)).toContain("/certificates/www-event");
  });

  it("refuses an event whose topic is not a vault, and ignores one for a vault outside the scope", async () => {
    const outcome = await intake(stack.runtime, [
      { ...nearExpiry, id: "e-foreign", topic: `/subscriptions/${SUBSCRIPTION}` },
      { ...nearExpiry, id: "e-out", topic: "/subscriptions/44444444-4444-4444-8444-444444444444/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-event-keys" },
    ]);
    expect(outcome.queued).toBe(0);
    expect(outcome.malformed.map((m) => m.eventId)).toEqual(["e-foreign"]);
    expect(outcome.ignored.map((m) => m.eventId)).toEqual(["e-out"]);
  });
});
