import { describe, expect, it } from "vitest";
import { Ledger, MemoryTables, queryAll, WORK_LEASE_MS, type RowStore } from "../../../shared/store/index.ts";
import { isSelfOrChild, keySafe, resourcePart, resourceRange } from "../../../shared/store/keys.ts";
import type { Finding } from "../../../shared/controls/types.ts";
import { rowStoreContract } from "./rowStoreContract.ts";

const DB = "/subscriptions/1b2c3d4e-0000-4000-8000-00000000abcd/resourceGroups/RG/providers/Microsoft.Sql/servers/s1/databases/db1";

describe("memory row store", () => {
  let n = 0;
  rowStoreContract(() => new MemoryTables().open(`mem${n++}`));

  it("refuses table names the Table service would refuse", () => {
    expect(() => new MemoryTables().open("no-dashes")).toThrow("3-63 letters and digits");
  });
});

describe("row keys", () => {
  it("encode the characters table keys cannot hold, and nothing else", () => {
    expect(keySafe("/a/b?c#d\\e%f")).toBe("%2fa%2fb%3fc%23d%5ce%25f");
    expect(keySafe("plain-name_1.x")).toBe("plain-name_1.x");
  });

  it("keep a child's key inside its parent's range, case-insensitively", () => {
    const range = resourceRange(DB);
    const child = resourcePart(`${DB.toUpperCase()}/transparentDataEncryption/current`);
    expect(child >= range.from && child < range.to).toBe(true);
    expect(isSelfOrChild(`${DB}/transparentDataEncryption/current`, DB)).toBe(true);
    // A sibling whose name extends the parent's falls in the range but is not a child.
    expect(isSelfOrChild(`${DB}0`, DB)).toBe(false);
  });

  it("hash ids too long to stay readable", () => {
    expect(resourcePart(`${DB}/${"x".repeat(700)}`)).toMatch(/^~[0-9a-f]{40}$/);
  });
});

describe("ledger in memory", () => {
  const finding = (status: Finding["status"]): Finding => ({
    resourceId: DB,
    resourceType: "Microsoft.Sql/servers/databases/transparentDataEncryption",
    controlId: "sql.tde",
    title: "TDE",
    status,
    severity: "high",
    stage: "at-rest",
    classification: "general",
    evidence: { path: "properties.state", actual: "Disabled", expected: "Enabled" },
    decision: status === "noncompliant" ? "remediate" : "none",
  });

  it("keeps firstSeen while the status stays, and restarts it when the status changes", async () => {
    const ledger = Ledger.inMemory();
    await ledger.recordFindings([finding("noncompliant")], new Date("2026-03-01T10:00:00Z"));
    // The same finding again that day writes nothing (lastSeen is kept to the day); the next day it is seen again.
    await ledger.recordFindings([finding("noncompliant")], new Date("2026-03-01T11:00:00Z"));
    expect(await ledger.findings.ofResource(DB)).toEqual([expect.objectContaining({ status: "noncompliant", firstSeen: "2026-03-01T10:00:00.000Z", lastSeen: "2026-03-01T10:00:00.000Z" })]);
    await ledger.recordFindings([finding("noncompliant")], new Date("2026-03-02T09:00:00Z"));
    expect(await ledger.findings.ofResource(DB)).toEqual([expect.objectContaining({ status: "noncompliant", firstSeen: "2026-03-01T10:00:00.000Z", lastSeen: "2026-03-02T09:00:00.000Z" })]);
    expect((await ledger.posture.history(2, new Date("2026-03-02T23:00:00Z"))).map((day) => day.day)).toEqual(["2026-03-01", "2026-03-02"]);
    await ledger.recordFindings([finding("compliant")], new Date("2026-03-02T12:00:00Z"));
    expect((await ledger.findings.ofResource(DB))[0]).toMatchObject({ status: "compliant", firstSeen: "2026-03-02T12:00:00.000Z" });
    const page = await ledger.findings.list({ subscriptionId: "1B2C3D4E-0000-4000-8000-00000000ABCD", controlId: "sql.tde", status: "compliant" });
    expect(page.findings).toHaveLength(1);
  });

  it("claims an idempotency key once: done is skipped, the same holder resumes, another waits until the claim is stale", async () => {
    const ledger = Ledger.inMemory();
    const t0 = new Date("2026-03-01T10:00:00Z");
    expect(await ledger.keys.claim("event:1", "message-a", t0)).toBe("new");
    expect(await ledger.keys.claim("event:1", "message-a", t0)).toBe("resumed");
    expect(await ledger.keys.claim("event:1", "message-b", t0)).toBe("busy");
    expect(await ledger.keys.claim("event:1", "message-b", new Date(t0.getTime() + WORK_LEASE_MS))).toBe("new");
    await ledger.keys.complete("event:1", t0);
    expect(await ledger.keys.claim("event:1", "message-c", t0)).toBe("done");
  });

  it("lets one holder take a document's write lease, and settles what it noted", async () => {
    const ledger = Ledger.inMemory();
    const lease = await ledger.fixes.takeLease(DB, "message-a", new Date());
    expect(lease).toBeDefined();
    expect(await ledger.fixes.takeLease(DB, "message-b", new Date())).toBeUndefined();
    await ledger.fixes.noteIntents(lease!, ["action-1", "action-2"]);
    expect((await ledger.fixes.ofTarget(DB)).leases).toEqual([expect.objectContaining({ holder: "message-a", actionIds: ["action-1", "action-2"] })]);
    await ledger.fixes.releaseLease(DB);
    expect((await ledger.fixes.ofTarget(DB)).leases).toEqual([]);
  });

  it("knows when the last shard of a sweep is in, once, and totals the fixes due by control", async () => {
    const ledger = Ledger.inMemory();
    const now = new Date();
    await ledger.sweeps.start("sweep-1", 2, "/", now);
    expect(await ledger.sweeps.completePage("sweep-1", { shard: 0, page: 0, last: true }, { resources: 4, outOfScope: 0, errors: 0 }, [{ resourceId: DB, controls: ["sql.tde"] }], now)).toBe(false);
    // A redelivered shard records the same again without counting twice.
    expect(await ledger.sweeps.completePage("sweep-1", { shard: 0, page: 0, last: true }, { resources: 4, outOfScope: 0, errors: 0 }, [{ resourceId: DB, controls: ["sql.tde"] }], now)).toBe(false);
    // A shard of pages is done when its last page and every page before it are in, in whatever order they finish.
    expect(await ledger.sweeps.completePage("sweep-1", { shard: 1, page: 1, last: true }, { resources: 2, outOfScope: 0, errors: 1 }, [], now)).toBe(false);
    expect(await ledger.sweeps.completePage("sweep-1", { shard: 1, page: 0, last: false }, { resources: 4, outOfScope: 0, errors: 0 }, [], now)).toBe(true);
    expect(await ledger.sweeps.claimFinalize("sweep-1", now)).toBe(true);
    expect(await ledger.sweeps.claimFinalize("sweep-1", now)).toBe(false);
    expect(await ledger.sweeps.totals("sweep-1", { withFixTargets: true })).toMatchObject({
      shards: 2,
      shardsDone: 2,
      resources: 10,
      errors: 1,
      fixTargets: [{ resourceId: DB, controls: ["sql.tde"] }],
      dueByControl: { "sql.tde": 1 },
    });
  });
});

describe("queryAll", () => {
  it("stops a query whose continuation never ends at its page cap, naming the table and the query", async () => {
    const endless: RowStore = Object.assign(Object.create(new MemoryTables().open("guardEndless")) as RowStore, { query: async () => ({ rows: [], continuation: "again" }) });
    await expect(queryAll(endless, { partition: "p" }, 3)).rejects.toThrow('table guardEndless: the query {"partition":"p"} returned more than 3 pages');
  });
});
