import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { valueAt, type Finding } from "../../../shared/controls/index.ts";
import { scanResource, sweep } from "../../../shared/workflow/index.ts";
import { coveredEstate, ids, SUBSCRIPTION_ID } from "../../fixtures/coveredEstate.ts";
import { countRequests, startEmulatorRuntime, type EmulatorRuntime } from "../../support/emulatorRuntime.ts";

describe("sweep and scan through the real SDK clients against the emulator", () => {
  let env: EmulatorRuntime;
  beforeAll(async () => {
    env = await startEmulatorRuntime({ estate: coveredEstate(), subscriptions: [SUBSCRIPTION_ID], pageSize: 2 });
  });
  afterAll(() => env.emulator.stop());

  const stored = (id: string, path: string) => valueAt(env.emulator.store.get(id), path);
  const findingOf = (findings: Finding[], id: string, controlId: string) => findings.find((f) => f.resourceId.toLowerCase() === id.toLowerCase() && f.controlId === controlId);

  it("fixes every safe finding, confirms it by a re-read, and tickets the rest", async () => {
    const outcome = await sweep(env.runtime, [SUBSCRIPTION_ID]);
    expect(outcome.errors).toEqual([]);

    const applied = outcome.actions.filter((a) => a.kind === "remediation" && a.status === "applied").map((a) => `${a.resourceId.split("/").pop()}:${a.controlId}`);
    expect(applied.sort()).toEqual(
      ["stweak:storage.min-tls", "stweak:storage.https-only", "sql-none:sql.min-tls", "orders:sql.tde", "app-weak:appservice.https-only", "app-weak:appservice.min-tls"].sort(),
    );
    // The wire state changed, not just our records.
    expect(stored(ids.weakStorage, "properties.minimumTlsVersion")).toBe("TLS1_2");
    expect(stored(ids.weakStorage, "properties.supportsHttpsTrafficOnly")).toBe(true);
    expect(stored(ids.sqlServer, "properties.minimalTlsVersion")).toBe("1.2");
    expect(stored(`${ids.database}/transparentDataEncryption/current`, "properties.state")).toBe("Enabled");
    expect(stored(ids.site, "properties.httpsOnly")).toBe(true);
    expect(stored(`${ids.site}/config/web`, "properties.minTlsVersion")).toBe("1.2");

    // Confidential storage without a CMK, and a platform-key disk, need a person.
    const tickets = outcome.actions.filter((a) => a.kind === "ticket").map((a) => a.controlId);
    expect(tickets).toEqual(expect.arrayContaining(["disk.cmk", "sql.tde-cmk"]));
    expect(findingOf(outcome.findings, ids.master, "sql.tde")?.status).toBe("not-applicable");
    expect(findingOf(outcome.findings, ids.goodStorage, "storage.min-tls")?.status).toBe("compliant");
  });

  it("a second sweep finds the estate fixed and writes nothing", async () => {
    env.emulator.clearRequests();
    const outcome = await sweep(env.runtime, [SUBSCRIPTION_ID]);
    expect(outcome.actions.filter((a) => a.kind === "remediation")).toEqual([]);
    expect(countRequests(env.emulator, "PUT") + countRequests(env.emulator, "PATCH")).toBe(0);
    // Paging with two items a page still reached every storage account.
    expect(outcome.findings.filter((f) => f.controlId === "storage.min-tls")).toHaveLength(2);
  });

  it("TDE is enabled through the SDK's long-running operation: accepted, polled, then read", async () => {
    env.emulator.store.put({ ...env.emulator.store.get(`${ids.database}/transparentDataEncryption/current`)!, properties: { state: "Disabled" } });
    env.emulator.clearRequests();
    const outcome = await scanResource(env.runtime, `${ids.database}/transparentDataEncryption/current`);
    expect(outcome.actions.map((a) => [a.controlId, a.status])).toEqual([["sql.tde", "applied"]]);
    const tdeRequests = env.emulator.requests.filter((r) => /transparentDataEncryption|operations/i.test(r.path));
    expect(tdeRequests.map((r) => `${r.method} ${r.status}`)).toEqual(expect.arrayContaining(["PUT 202", "GET 200"]));
    expect(env.emulator.requests.some((r) => /operations|asyncoperation/i.test(r.path))).toBe(true);
  });

  it("a dry run plans and records but never writes", async () => {
    env.emulator.store.put({ ...env.emulator.store.get(ids.weakStorage)!, properties: { ...env.emulator.store.get(ids.weakStorage)!.properties, minimumTlsVersion: "TLS1_1" } });
    env.emulator.clearRequests();
    const outcome = await scanResource(env.runtime, ids.weakStorage, { dryRun: true });
    expect(outcome.actions.find((a) => a.controlId === "storage.min-tls")?.status).toBe("planned");
    expect(countRequests(env.emulator, "PATCH")).toBe(0);
    expect(stored(ids.weakStorage, "properties.minimumTlsVersion")).toBe("TLS1_1");
  });

  it("a resource deleted before the read gives nothing, and uncovered types are ignored", async () => {
    const gone = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-scan/providers/Microsoft.Storage/storageAccounts/stdeleted`;
    expect(await scanResource(env.runtime, gone)).toEqual({ findings: [], actions: [] });
    expect(await scanResource(env.runtime, `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg/providers/Microsoft.Foo/bars/x`)).toEqual({ findings: [], actions: [] });
  });
});

describe("transient ARM failures", () => {
  it("a sweep under 429s with Retry-After, 500s and connection resets still completes and fixes", async () => {
    const env = await startEmulatorRuntime({ estate: coveredEstate(), subscriptions: [SUBSCRIPTION_ID], faults: { rate: 0.25, kinds: ["429", "500", "503", "reset"], seed: 7 } });
    try {
      const outcome = await sweep(env.runtime, [SUBSCRIPTION_ID], { concurrency: 2 });
      expect(outcome.errors).toEqual([]);
      expect(env.emulator.requests.filter((r) => r.fault).length).toBeGreaterThan(0);
      expect(valueAt(env.emulator.store.get(ids.weakStorage), "properties.minimumTlsVersion")).toBe("TLS1_2");
    } finally {
      await env.emulator.stop();
    }
  });
});
