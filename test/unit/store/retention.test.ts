import { describe, expect, it } from "vitest";
import { DEFAULT_RETENTION_DAYS, expireRows, Ledger, MemoryTables, queryAll } from "../../../shared/store/index.ts";

const NOW = new Date("2026-12-01T12:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

describe("retention", () => {
  it("expires processed-event markers, idempotency keys, anomaly rows and posture rows past their days, and keeps the rest", async () => {
    const tables = new MemoryTables();
    const ledger = new Ledger(tables);
    await ledger.keys.claim("event:old", "m1", daysAgo(3));
    await ledger.keys.claim("event:new", "m2", daysAgo(1));
    await ledger.keys.claim("sweep:s1:/subscriptions/x", "m3", daysAgo(3));
    await ledger.keys.claim("sweep:s0:/subscriptions/x", "m4", daysAgo(20));
    const anomalies = tables.open("anomalies");
    await anomalies.write("vault", [{ row: "old", fields: { start: daysAgo(100).toISOString() } }]);
    await anomalies.write("vault", [{ row: "new", fields: { start: daysAgo(10).toISOString() } }]);
    await tables.open("posture").write("2025-10-01", [{ row: "r~c", fields: { at: daysAgo(401).toISOString(), status: "compliant" } }]);
    await tables.open("posture").write("2026-11-30", [{ row: "r~c", fields: { at: daysAgo(1).toISOString(), status: "compliant" } }]);

    const report = await expireRows(tables, {}, NOW);

    expect(report).toEqual({ deleted: { keys: 2, anomalies: 1, posture: 1 }, truncated: false });
    const keys = (await queryAll(tables.open("keys"), {})).map((row) => row.fields.key).sort();
    expect(keys).toEqual(["event:new", "sweep:s1:/subscriptions/x"]);
    expect((await queryAll(anomalies, {})).map((row) => row.row)).toEqual(["new"]);
    expect((await queryAll(tables.open("posture"), {})).map((row) => row.partition)).toEqual(["2026-11-30"]);
  });

  it("takes the days the settings give over the defaults, and refuses days that are not whole", async () => {
    const tables = new MemoryTables();
    await new Ledger(tables).keys.claim("event:e", "m", daysAgo(1.5));
    expect((await expireRows(tables, { events: 1 }, NOW)).deleted).toEqual({ keys: 1 });
    expect(DEFAULT_RETENTION_DAYS.events).toBeGreaterThan(1);
    await expect(expireRows(tables, { posture: 0.5 }, NOW)).rejects.toThrow("retention of posture must be a whole number of days");
  });
});
