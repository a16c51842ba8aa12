import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CertificateClient } from "@azure/keyvault-certificates";
import { KeyVaultManagementClient } from "@azure/arm-keyvault";
import { DEMO_SUBSCRIPTION_ID, startEmulator, type CertificateSeed, type RunningEmulator } from "../../../emulator/index.ts";
import { keyVaultClientOptions, KeyVaultPacer, SteppingClock, vaultUrlOf, type KeyVaultConnection } from "../../../shared/azure/index.ts";
import { credential, raw, sdkOptions } from "./harness.ts";

const DAY = 86_400;
const NOW = 1_780_000_000;

function seed(vault: string, name: string): CertificateSeed {
  return {
    vault,
    name,
    attributes: { enabled: true, nbf: NOW - DAY, exp: NOW + 300 * DAY, created: NOW - DAY, updated: NOW - DAY },
    policy: {
      key_props: { kty: "RSA", key_size: 2048, exportable: true, reuse_key: false },
      x509_props: { subject: `CN=${name}.contoso.com`, validity_months: 12 },
      lifetime_actions: [{ trigger: { lifetime_percentage: 80 }, action: { action_type: "AutoRenew" } }],
      issuer: { name: "Self" },
    },
  };
}

function client(emu: RunningEmulator, vaultUri: string, extra: Partial<KeyVaultConnection> = {}) {
  const conn: KeyVaultConnection = { credential, ca: emu.ca, retry: { retryDelayInMs: 5, maxRetryDelayInMs: 40 }, ...extra };
  return new CertificateClient(vaultUri, credential, keyVaultClientOptions(conn, vaultUri));
}

describe("emulator Key Vault data plane, through @azure/keyvault-certificates", () => {
  let emu: RunningEmulator;
  let vaultUri: string;
  beforeAll(async () => {
    emu = await startEmulator({ estate: "demo", throttle: false, certificates: [seed("kv-legacy", "legacy-api"), seed("kv-legacy", "legacy-admin")] });
    const vault = await new KeyVaultManagementClient(credential, DEMO_SUBSCRIPTION_ID, sdkOptions(emu)).vaults.get("rg-legacy", "kv-legacy");
    vaultUri = vault.properties.vaultUri!;
  });
  afterAll(() => emu.stop());

  it("gives ARM's vault document a vaultUri on the emulator: https://<vault>.vault.localhost:<port>/", () => {
    expect(vaultUri).toBe(`https://kv-legacy.vault.localhost:${new URL(emu.endpoint).port}/`);
    expect(vaultUrlOf(vaultUri, ".vault.localhost")).toEqual({ ok: true, url: vaultUri, vaultName: "kv-legacy" });
  });

  it("challenges a request without a token (401 + WWW-Authenticate), then serves the SDK once it brings one", async () => {
    emu.clearRequests();
    const certificate = await client(emu, vaultUri).getCertificate("legacy-api");
    expect(certificate.name).toBe("legacy-api");
    expect(certificate.policy?.subject).toBe("CN=legacy-api.contoso.com");
    expect(certificate.properties.expiresOn?.getTime()).toBe((NOW + 300 * DAY) * 1000);
    const calls = emu.requests.filter((r) => r.host === "kv-legacy.vault.localhost");
    expect(calls.map((r) => r.status)).toEqual([401, 200]);
  });

  it("answers the challenge with the vault's tenant and the emulator's resource, in Key Vault's error shape", async () => {
    const port = new URL(emu.endpoint).port;
    const res = await raw(emu, "GET", "/certificates?api-version=2025-07-01", { bearer: false, headers: { host: `kv-legacy.vault.localhost:${port}` } });
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toMatch(/^Bearer authorization="https:\/\/login\.microsoftonline\.com\/[0-9a-f-]{36}", resource="https:\/\/vault\.localhost"$/);
    expect(res.body.error.code).toBe("Unauthorized");
    const missing = await raw(emu, "GET", "/certificates/nope?api-version=2025-07-01", { headers: { host: `kv-legacy.vault.localhost:${port}` } });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("CertificateNotFound");
  });

  it("lists certificates page by page, following the nextLink", async () => {
    const names: string[] = [];
    for await (const page of client(emu, vaultUri).listPropertiesOfCertificates().byPage({ maxPageSize: 1 })) names.push(...page.map((p) => p.name!));
    expect(names).toEqual(["legacy-api", "legacy-admin"]);
  });

  it("refuses a vault URI outside the expected suffix before any token is sent", () => {
    expect(vaultUrlOf("https://kv-legacy.evil.example/", ".vault.localhost").ok).toBe(false);
    expect(vaultUrlOf("https://kv-legacy.vault.azure.net/keys", ".vault.azure.net").ok).toBe(false);
    expect(vaultUrlOf("http://kv-legacy.vault.azure.net/").ok).toBe(false);
    expect(vaultUrlOf("https://kv-legacy.vault.azure.net").ok).toBe(true);
  });
});

/** An emulator whose vaults allow `burst` transactions at `perSecond`, and a paced client of kv-legacy, on one stepping clock. */
async function paced(burst: number, pacerPerSecond: number) {
  const clock = new SteppingClock(Date.now());
  const emu = await startEmulator({ estate: "demo", throttle: false, clock, keyVaultThrottle: { burst, perSecond: 1 }, certificates: [seed("kv-legacy", "legacy-api")] });
  const pacer = new KeyVaultPacer({ perSecond: pacerPerSecond, clock });
  const certificates = client(emu, `https://kv-legacy.vault.localhost:${new URL(emu.endpoint).port}/`, { pacer });
  return { clock, emu, pacer, certificates };
}

describe("Key Vault pacing, apart from ARM's", () => {
  it("keeps to a vault's pace without a 429 when it knows the rate", async () => {
    const { emu, pacer, certificates } = await paced(1, 1);
    try {
      for (let i = 0; i < 4; i += 1) await certificates.getCertificate("legacy-api");
      const statuses = emu.requests.filter((r) => r.host).map((r) => r.status);
      expect(statuses.filter((s) => s === 429)).toEqual([]);
      expect(statuses.filter((s) => s === 200)).toHaveLength(4);
      expect(pacer.stats.waits).toBeGreaterThanOrEqual(3);
    } finally {
      await emu.stop();
    }
  });

  it("a 429 holds the vault for its Retry-After, and the SDK retries the request", async () => {
    const { clock, emu, pacer, certificates } = await paced(1, 1_000);
    try {
      // The first read takes the bucket's one token (the challenge's 401 takes none); the next read is a 429.
      await certificates.getCertificate("legacy-api");
      await certificates.getCertificate("legacy-api");
      const throttled = emu.requests.filter((r) => r.host && r.status === 429);
      expect(throttled).toHaveLength(1);
      expect(pacer.stats.throttled).toBe(1);
      expect(clock.slept).toContain(1000);
      // The retry waited out the hold (the emulator's bucket refilled meanwhile) and was served.
      expect(emu.requests.filter((r) => r.host).map((r) => r.status)).toEqual([401, 200, 429, 200]);
    } finally {
      await emu.stop();
    }
  });
});
