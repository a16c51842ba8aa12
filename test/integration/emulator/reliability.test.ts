import { ComputeManagementClient } from "@azure/arm-compute";
import { SqlManagementClient } from "@azure/arm-sql";
import { StorageManagementClient } from "@azure/arm-storage";
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_SUBSCRIPTION_ID, type RunningEmulator } from "../../../emulator/index.ts";
import { credential, fastPolling, requestsTo, sdkOptions, start } from "./harness.ts";

const SUB = DEMO_SUBSCRIPTION_ID;
const ACCOUNT = `/subscriptions/${SUB}/resourceGroups/rg-legacy/providers/Microsoft.Storage/storageAccounts/stlegacyreports`;

describe("emulator faults and throttling against the SDK's retry policies", () => {
  let emu: RunningEmulator;
  afterEach(() => emu.stop());

  it("an injected 429 carries Retry-After and the SDK retries after it, then succeeds", async () => {
    // Seed 7 draws a fault for the first request and none for the second.
    emu = await start({ estate: "demo", faults: { rate: 0.5, kinds: ["429"], seed: 7 } });
    const client = new StorageManagementClient(credential, SUB, sdkOptions(emu));
    expect((await client.storageAccounts.getProperties("rg-legacy", "stlegacyreports")).name).toBe("stlegacyreports");
    expect(emu.requests.map((r) => [r.status, r.fault])).toEqual([
      [429, "429"],
      [200, undefined],
    ]);
  });

  it("500, 503 and connection resets are retried and a faulted write is applied once", async () => {
    // Seed 3 lets the first write through, then draws 503, reset, 503 and 500 before the second succeeds.
    emu = await start({ estate: "demo", faults: { rate: 0.5, kinds: ["500", "503", "reset"], seed: 3 } });
    const client = new StorageManagementClient(credential, SUB, sdkOptions(emu, { maxRetries: 10 }));
    for (const version of ["TLS1_1", "TLS1_2"] as const) {
      const updated = await client.storageAccounts.update("rg-legacy", "stlegacyreports", { minimumTlsVersion: version });
      expect(updated.minimumTlsVersion).toBe(version);
    }
    const patches = requestsTo(emu, "PATCH", "/stlegacyreports");
    const faults = new Set(emu.requests.map((r) => r.fault).filter(Boolean));
    expect(faults).toEqual(new Set(["500", "503", "reset"]));
    expect(patches.filter((r) => r.status === 200)).toHaveLength(2);
    expect(patches.filter((r) => r.fault).every((r) => r.status !== 200)).toBe(true);
    expect(emu.events.filter((e) => e.subject === ACCOUNT)).toHaveLength(2);
  });

  it("faults on operation polls never repeat the write of an LRO", async () => {
    emu = await start({ estate: "demo", lroInProgressPolls: 2 });
    const sql = new SqlManagementClient(credential, SUB, sdkOptions(emu, { maxRetries: 10 }));
    const poller = await sql.transparentDataEncryptions.beginCreateOrUpdate("rg-payments-prod", "sql-payments-prod", "ledger", "current", { state: "Enabled" }, fastPolling);
    emu.faults.set({ rate: 0.6, kinds: ["500", "reset"], seed: 3 });
    expect((await poller.pollUntilDone()).state).toBe("Enabled");
    expect(requestsTo(emu, "PUT", "/transparentDataEncryption/current").map((r) => r.status)).toEqual([202]);
    expect(emu.requests.some((r) => r.path.includes("operationStatuses") && r.fault)).toBe(true);
    expect(emu.events).toHaveLength(1);
  });

  it("an operation answers InProgress for the configured polls before Succeeded", async () => {
    emu = await start({ estate: "demo", lroInProgressPolls: 2 });
    const compute = new ComputeManagementClient(credential, SUB, sdkOptions(emu));
    const disk = await compute.disks.update("rg-data-prod", "disk-data-platform", { tags: { owner: "data" } }, fastPolling);
    expect(disk.tags).toEqual({ owner: "data" });
    expect(emu.requests.filter((r) => r.path.includes("operationStatuses"))).toHaveLength(3);
  });

  it("the token bucket answers 429 with Retry-After and the SDK pages through once tokens refill", async () => {
    emu = await start({ estate: "demo", pageSize: 1, throttle: { reads: { burst: 2, perSecond: 5 } } });
    const client = new StorageManagementClient(credential, SUB, sdkOptions(emu));
    const names: string[] = [];
    for await (const account of client.storageAccounts.list()) names.push(account.name!);
    expect(names).toHaveLength(4);
    expect(requestsTo(emu, "GET", "/storageAccounts").map((r) => r.status)).toEqual([200, 200, 429, 200, 200]);
    expect(emu.requests.filter((r) => r.throttled).every((r) => r.status === 429)).toBe(true);
  });
});
