import { createHttpHeaders, createPipelineRequest } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { defaultVaultDnsSuffix, isLocalhostName, KeyVaultPacer, sameVaultPolicy, SteppingClock, vaultUrlOf } from "../../../shared/azure/index.ts";

describe("vault URIs", () => {
  it("passes only https://<vault><suffix>/ and names the vault", () => {
    expect(vaultUrlOf("https://KV-Apps.vault.azure.net")).toEqual({ ok: true, url: "https://kv-apps.vault.azure.net/", vaultName: "kv-apps" });
    expect(vaultUrlOf("https://kv-apps.vault.localhost:8443/", ".vault.localhost")).toEqual({ ok: true, url: "https://kv-apps.vault.localhost:8443/", vaultName: "kv-apps" });
    for (const bad of [
      undefined,
      42,
      "",
      "kv.vault.azure.net",
      "http://kv-apps.vault.azure.net/",
      "https://kv-apps.vault.azure.net/certificates",
      "https://kv-apps.vault.azure.net/?x=1",
      "https://u:p@kv-apps.vault.azure.net/",
      "https://kv-apps.vault.azure.net.evil.example/",
      "https://a.b.vault.azure.net/",
      "https://kv.vault.azure.net/",
    ]) {
      expect(vaultUrlOf(bad).ok, String(bad)).toBe(false);
    }
  });

  it("expects the emulator's suffix only when ARM is on the loopback", () => {
    expect(defaultVaultDnsSuffix("https://management.azure.com")).toBe(".vault.azure.net");
    expect(defaultVaultDnsSuffix("https://127.0.0.1:8443")).toBe(".vault.localhost");
    expect(defaultVaultDnsSuffix("https://[::1]:8443")).toBe(".vault.localhost");
    expect(defaultVaultDnsSuffix("https://localhost:8443")).toBe(".vault.localhost");
    expect(isLocalhostName("kv.vault.localhost")).toBe(true);
    expect(isLocalhostName("localhost.evil.example")).toBe(false);
  });
});

describe("KeyVaultPacer", () => {
  it("spaces requests to one vault at its rate, and other vaults independently", async () => {
    const clock = new SteppingClock(0);
    const pacer = new KeyVaultPacer({ perSecond: 2, clock });
    for (let i = 0; i < 6; i += 1) await pacer.acquire("kv-a.vault.azure.net");
    // Two go at once (a second's worth), then one every 500 ms.
    expect(clock.now()).toBe(2000);
    await pacer.acquire("kv-b.vault.azure.net");
    expect(clock.now()).toBe(2000);
    expect(pacer.stats.waits).toBe(4);
  });

  it("holds a vault for a 429's Retry-After", async () => {
    const clock = new SteppingClock(0);
    const pacer = new KeyVaultPacer({ perSecond: 100, clock });
    await pacer.acquire("kv-a.vault.azure.net");
    pacer.throttled("kv-a.vault.azure.net", 7);
    await pacer.acquire("kv-a.vault.azure.net");
    expect(clock.now()).toBeGreaterThanOrEqual(7000);
    expect(pacer.stats.throttled).toBe(1);
  });

  it("takes 10 % of Key Vault's 4,000 transactions in 10 s by default", async () => {
    const clock = new SteppingClock(0);
    const pacer = new KeyVaultPacer({ clock });
    for (let i = 0; i < 80; i += 1) await pacer.acquire("kv-a.vault.azure.net");
    expect(clock.now()).toBe(1000);
  });
});

describe("sameVaultPolicy", () => {
  const send = (url: string) =>
    sameVaultPolicy("https://kv-a.vault.azure.net/").sendRequest(createPipelineRequest({ url }), async (request) => ({ request, status: 200, headers: createHttpHeaders() }));

  it("lets a vault's client reach only that vault, so a nextLink elsewhere never carries its token", async () => {
    expect((await send("https://KV-A.vault.azure.net/certificates?api-version=2025-07-01")).status).toBe(200);
    for (const elsewhere of ["https://evil.example/certificates", "https://kv-b.vault.azure.net/certificates", "http://kv-a.vault.azure.net/certificates", "https://kv-a.vault.azure.net:8443/x"]) {
      await expect(send(elsewhere), elsewhere).rejects.toThrow(/refused/);
    }
  });
});
