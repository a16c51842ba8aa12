/**
 * The key lifecycle done-when: bindings whose key is disabled, expires inside the warning window,
 * lives in another subscription, or sits in a vault without purge protection, scanned through the
 * real SDK clients against the emulator: the findings, the ticket with its due date, and not one
 * write that touches a key. Then the opt-in rotation-policy fix on the Key Vault data plane.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorCredential } from "../../../dev/emulatorCredential.ts";
import { startEmulator, type RunningEmulator } from "../../../emulator/index.ts";
import { diskEncryptionSet } from "../../../emulator/estates/documents/compute.ts";
import { keyVault, vaultKey } from "../../../emulator/estates/documents/keyvault.ts";
import { sqlServer } from "../../../emulator/estates/documents/sql.ts";
import { storageAccount } from "../../../emulator/estates/documents/storage.ts";
import type { Place } from "../../../emulator/estates/documents/place.ts";
import { DEFAULT_POLICY, parsePolicy, type Policy } from "../../../shared/config/policy.ts";
import { silentLogger, type ArmDocument } from "../../../shared/core/index.ts";
import type { RecordedFinding } from "../../../shared/store/types.ts";
import { buildTicketContent } from "../../../shared/tickets/content.ts";
import { renderPlain } from "../../../shared/tickets/text/index.ts";
import { createRuntime, scanResource, type GuardRuntime } from "../../../shared/workflow/index.ts";
import { SERVICE_APPID } from "../../support/emulatorRuntime.ts";

const NOW = new Date("2026-06-01T00:00:00Z");
const DATA_SUB = "11111111-1111-4111-8111-111111111111";
const KEYS_SUB = "22222222-2222-4222-8222-222222222222";
const data: Place = { subscriptionId: DATA_SUB, resourceGroup: "rg-data", location: "westeurope" };
const keys: Place = { subscriptionId: DATA_SUB, resourceGroup: "rg-keys", location: "westeurope" };
const remote: Place = { subscriptionId: KEYS_SUB, resourceGroup: "rg-central-keys", location: "westeurope" };

const kvMain = keyVault(keys, "kv-main-keys", { enableSoftDelete: true, enablePurgeProtection: true, tags: { "data-classification": "general" } });
const kvRemote = keyVault(remote, "kv-central-keys", { enableSoftDelete: true, enablePurgeProtection: true });
const kvNoPurge = keyVault(keys, "kv-no-purge", { enableSoftDelete: true });

/** A storage account encrypting with `vault`'s `key`. */
function account(name: string, vault: ArmDocument, key: string, tags: Record<string, string>): ArmDocument {
  const doc = storageAccount(data, name, { minimumTlsVersion: "TLS1_2", supportsHttpsTrafficOnly: true, cmkVault: String(vault.name), requireInfrastructureEncryption: true, tags });
  const encryption = (doc.properties as { encryption: { keyvaultproperties: Record<string, string> } }).encryption;
  encryption.keyvaultproperties = { ...encryption.keyvaultproperties, keyname: key };
  return doc;
}

const confidential = { "data-classification": "confidential" };
const estate: ArmDocument[] = [
  kvMain,
  kvRemote,
  kvNoPurge,
  vaultKey(kvMain, "key-disabled", NOW, { kty: "RSA-HSM", keySize: 3072, enabled: false, expiresInDays: 300, rotateAfterDays: 180 }),
  vaultKey(kvMain, "key-expiring", NOW, { kty: "RSA-HSM", keySize: 3072, expiresInDays: 10 }),
  vaultKey(kvRemote, "key-central", NOW, { kty: "RSA-HSM", keySize: 3072, expiresInDays: 400, rotateAfterDays: 180 }),
  vaultKey(kvNoPurge, "key-no-purge", NOW, { kty: "RSA-HSM", keySize: 3072, expiresInDays: 400, rotateAfterDays: 180 }),
  account("stdisabledkey", kvMain, "key-disabled", confidential),
  account("stexpiringkey", kvMain, "key-expiring", confidential),
  account("stcentralkey", kvRemote, "key-central", confidential),
  account("stnopurgekey", kvNoPurge, "key-no-purge", confidential),
  // Pinned to one key version: cmk.auto-rotation unpins each (safe, by default).
  vaultKey(kvRemote, "key-pinned", NOW, { kty: "RSA-HSM", keySize: 3072, expiresInDays: 400, rotateAfterDays: 180, version: "0123456789abcdef0123456789abcdef" }),
  pinned(account("stpinnedkey", kvRemote, "key-pinned", confidential)),
  diskEncryptionSet(data, "des-pinned", { vault: kvRemote, key: "key-pinned", keyVersion: "0123456789abcdef0123456789abcdef", rotationToLatestKeyVersionEnabled: false, tags: confidential }),
  ...sqlServer(data, "sql-pinned", { minimalTlsVersion: "1.2", protectorVault: "kv-central-keys", tags: confidential }).map((doc) =>
    doc.type.endsWith("encryptionProtector")
      ? { ...doc, properties: { ...doc.properties, uri: "https://kv-central-keys.vault.azure.net/keys/key-pinned/0123456789abcdef0123456789abcdef", autoRotationEnabled: false } }
      : doc,
  ),
];

/** The account pinned to the key's one version. */
function pinned(doc: ArmDocument): ArmDocument {
  const encryption = (doc.properties as { encryption: { keyvaultproperties: Record<string, string> } }).encryption;
  encryption.keyvaultproperties = { ...encryption.keyvaultproperties, keyversion: "0123456789abcdef0123456789abcdef" };
  return doc;
}
const idOf = (name: string) => estate.find((doc) => doc.name === name)!.id;

let emulator: RunningEmulator;

async function runtimeWith(policy: Policy): Promise<GuardRuntime> {
  return createRuntime({
    arm: { endpoint: emulator.endpoint, ca: emulator.ca, credential: new EmulatorCredential({ appid: SERVICE_APPID }), retry: { retryDelayInMs: 20, maxRetryDelayInMs: 200 } },
    pacer: false,
    keyVaultPacer: false,
    policy,
    logger: silentLogger,
    actor: SERVICE_APPID,
    subscriptionIds: [DATA_SUB, KEYS_SUB],
    now: () => NOW,
  });
}

const writes = () => emulator.requests.filter((r) => ["PUT", "PATCH", "DELETE", "POST"].includes(r.method) && r.status < 400);
const keyWrites = () => writes().filter((r) => /\/keys\/|rotationpolicy/i.test(r.path));
const finding = (findings: readonly RecordedFinding[], controlId: string) => findings.find((f) => f.controlId === controlId)!;

beforeAll(async () => {
  emulator = await startEmulator({ throttle: false, estate, subscriptions: [DATA_SUB, KEYS_SUB] });
});
afterAll(async () => {
  await emulator?.stop();
});

describe("bindings follow their keys (done-when)", () => {
  let runtime: GuardRuntime;
  const scanned = new Map<string, Awaited<ReturnType<typeof scanResource>>>();

  beforeAll(async () => {
    runtime = await runtimeWith(DEFAULT_POLICY);
    emulator.clearRequests();
    for (const name of ["stdisabledkey", "stexpiringkey", "stcentralkey", "stnopurgekey"]) scanned.set(name, await scanResource(runtime, idOf(name)));
  });

  it("a binding whose key is disabled: cmk.key-available is critical, non-compliant and ticketed", () => {
    const f = finding(scanned.get("stdisabledkey")!.findings, "cmk.key-available");
    expect([f.status, f.severity, f.decision]).toEqual(["noncompliant", "critical", "ticket"]);
    expect(f.reason).toMatch(/the key is disabled/);
    expect(f.evidence.actual).toMatchObject({ keyId: `${kvMain.id}/keys/key-disabled`, enabled: false, source: "arm", resources: [idOf("stdisabledkey")] });
  });

  it("a binding whose key expires inside the warning window: a ticket due the day before the key expires", () => {
    const outcome = scanned.get("stexpiringkey")!;
    const f = finding(outcome.findings, "cmk.key-available");
    expect([f.status, f.decision]).toEqual(["noncompliant", "ticket"]);
    expect(f.reason).toBe("the key expires on 2026-06-11 (in 10 days) and no rotation policy replaces it first");
    expect(f.evidence.dueBy).toBe("2026-06-10T00:00:00.000Z");
    const ticket = outcome.actions.find((a) => a.kind === "ticket" && a.controlId === "cmk.key-available")!;
    expect(ticket.finding?.evidence.dueBy).toBe("2026-06-10T00:00:00.000Z");
    const content = buildTicketContent({ finding: ticket.finding! }, {});
    expect(content.dueBy).toBe("2026-06-10T00:00:00.000Z");
    expect(renderPlain(content.body, 10_000)).toContain("Due by: 2026-06-10 (before the data becomes unreadable)");
  });

  it("a binding whose key lives in another subscription: the key is read there, and it is available", () => {
    const f = finding(scanned.get("stcentralkey")!.findings, "cmk.key-available");
    expect(f.status).toBe("compliant");
    expect(f.evidence.actual).toMatchObject({ keyId: `${kvRemote.id}/keys/key-central`, source: "arm", expires: "2027-07-06" });
    expect(finding(scanned.get("stcentralkey")!.findings, "cmk.key-separation").status).toBe("compliant");
  });

  it("a binding whose key's vault lacks purge protection: cmk.vault-protection is non-compliant", () => {
    const f = finding(scanned.get("stnopurgekey")!.findings, "cmk.vault-protection");
    expect(f.status).toBe("noncompliant");
    expect(f.evidence.actual).toMatchObject({ vault: kvNoPurge.id, enablePurgeProtection: null });
    expect(finding(scanned.get("stnopurgekey")!.findings, "cmk.key-available").status).toBe("compliant");
  });

  it("no write touched a key: nothing was written at all", () => {
    expect(keyWrites()).toEqual([]);
    expect(writes()).toEqual([]);
  });

  it("a key takes the highest classification of the resources that use it, and says so", async () => {
    const outcome = await scanResource(runtime, `${kvMain.id}/keys/key-expiring`);
    const f = finding(outcome.findings, "keyvault.key-rotation");
    expect(f.classification).toBe("confidential");
    expect(f.evidence.classifiedBy).toEqual({ source: "resources that use the key", resources: [idOf("stexpiringkey")] });
    expect(f.status).toBe("noncompliant");
    expect(keyWrites()).toEqual([]);
  });
});

describe("keyvault.key-rotation's fix (disruptive, opt-in) on the Key Vault data plane", () => {
  it("writes only the rotation policy, through the data plane, and the key passes when read again through ARM", async () => {
    const policy = parsePolicy(JSON.stringify({ safety: { allowDisruptive: true }, controls: { "keyvault.key-rotation": { mode: "remediate", params: { maxRotationDays: 90 } } } }), "rotation policy");
    const runtime = await runtimeWith(policy);
    emulator.clearRequests();
    const keyId = `${kvMain.id}/keys/key-expiring`;
    const outcome = await scanResource(runtime, keyId);
    expect(outcome.actions.filter((a) => a.kind === "remediation").map((a) => [a.controlId, a.status])).toEqual([["keyvault.key-rotation", "applied"]]);
    const written = writes();
    expect(written.map((r) => [r.method, r.host ?? "arm", r.path])).toEqual([["PUT", "kv-main-keys.vault.localhost", "/keys/key-expiring/rotationpolicy"]]);
    const stored = emulator.store.get(keyId)!.properties as Record<string, unknown>;
    expect(stored.rotationPolicy).toMatchObject({ lifetimeActions: [{ trigger: { timeAfterCreate: "P90D" }, action: { type: "Rotate" } }] });
    expect((stored.attributes as Record<string, unknown>).exp).toBe(Math.floor(NOW.getTime() / 1000) + 10 * 86_400);
    const again = await scanResource(runtime, keyId, { verifyOnly: true });
    expect(finding(again.findings, "keyvault.key-rotation").status).toBe("compliant");
  });
});

describe("cmk.auto-rotation's fix (safe) unpins the key version through ARM, and never writes the key", () => {
  it.each([
    ["a storage account", "stpinnedkey", "PATCH", { properties: { encryption: { keyvaultproperties: { keyversion: "" } } } }],
    ["a disk encryption set", "des-pinned", "PATCH", { properties: { rotationToLatestKeyVersionEnabled: true } }],
    ["a SQL server's TDE protector", "sql-pinned", "PUT", { properties: { autoRotationEnabled: true, serverKeyType: "AzureKeyVault" } }],
  ])("%s", async (_what, name, method, stored) => {
    const runtime = await runtimeWith(DEFAULT_POLICY);
    emulator.clearRequests();
    const outcome = await scanResource(runtime, idOf(name));
    expect(outcome.actions.filter((a) => a.kind === "remediation").map((a) => [a.controlId, a.status])).toEqual([["cmk.auto-rotation", "applied"]]);
    expect(writes().map((r) => r.method)).toEqual([method]);
    expect(keyWrites()).toEqual([]);
    const target = method === "PUT" ? `${idOf(name)}/encryptionProtector/current` : idOf(name);
    expect(emulator.store.get(target)).toMatchObject(stored);
    // Confirmed by reading again: the binding now follows the latest version.
    const again = await scanResource(runtime, idOf(name), { verifyOnly: true });
    expect(finding(again.findings, "cmk.auto-rotation").status).toBe("compliant");
  });
});
