import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator/index.ts";
import {
  aggregateRecords,
  analyzeAggregates,
  analyzeRows,
  checkKeyAccess,
  createLogsQueryClient,
  fetchKeyAccessAggregates,
  MemoryDeduplicator,
  type HourlyAggregate,
} from "../../../shared/anomalies/index.ts";
import { EmulatorCredential } from "../../../dev/emulatorCredential.ts";
import { ALICE, BASELINE_START, DAY, HOUR, NOW, OFFICE_IPS, OTHER_VAULT, STRANGER, WINDOW_START, azkvRow, diagnosticsRow, normalEstate } from "../../unit/anomalies/traffic.ts";

const WORKSPACE = "63613592-b6f7-4c3d-a390-22ba13102111";
const LEGACY_WORKSPACE = "63613592-b6f7-4c3d-a390-22ba13102222";
const MIXED_WORKSPACE = "63613592-b6f7-4c3d-a390-22ba13102333";

const canonical = (aggregates: readonly HourlyAggregate[]) => aggregates.map((a) => JSON.stringify(a)).sort();

let emulator: RunningEmulator;
const estate = normalEstate()
  .repeat(12, WINDOW_START + 2 * HOUR, "KeyUnwrap", 200, STRANGER, "185.1.2.3", "keys/cmk")
  .request(WINDOW_START + 14 * HOUR, "KeyDelete", 200, ALICE, OFFICE_IPS[0]!, "keys/old-key", OTHER_VAULT);

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  emulator.logAnalytics.clear();
  emulator.logAnalytics.maxResultRows = 500_000;
});

function client(maxRetries = 3) {
  return createLogsQueryClient({ credential: new EmulatorCredential(), endpoint: `${emulator.endpoint}/v1`, ca: emulator.ca, maxRetries });
}

const range = { from: BASELINE_START, to: NOW.getTime() };

describe("the key access queries through LogsQueryClient against the emulator", () => {
  it("returns exactly the offline aggregation, and the same anomalies", async () => {
    emulator.logAnalytics.addRows(WORKSPACE, "AZKVAuditLogs", estate.records.map(azkvRow));
    const fetched = await fetchKeyAccessAggregates(client(), { workspaceIds: [WORKSPACE], ...range });
    expect(fetched.gaps).toEqual([]);
    expect(fetched.absentTables).toEqual([{ workspaceId: WORKSPACE, table: "AzureDiagnostics" }]);
    expect(canonical(fetched.aggregates)).toEqual(canonical(aggregateRecords(estate.records.filter((r) => r.time <= range.to))));
    // 15 day slices of AZKVAuditLogs; AzureDiagnostics stops at the first answer that it does not exist.
    expect(fetched.queries).toBeGreaterThanOrEqual(16);
    expect(fetched.queries).toBeLessThanOrEqual(17);

    const online = analyzeAggregates(fetched.aggregates, { now: NOW }).anomalies;
    const offline = analyzeRows(estate.records.map(azkvRow), { now: NOW }).anomalies;
    expect(online.map((a) => a.kind).sort()).toEqual(["new-caller", "sensitive-operation"]);
    expect(online).toEqual(offline);
  });

  it("falls back to AzureDiagnostics in a workspace that has only the legacy table", async () => {
    emulator.logAnalytics.addRows(LEGACY_WORKSPACE, "AzureDiagnostics", estate.records.map(diagnosticsRow));
    const fetched = await fetchKeyAccessAggregates(client(), { workspaceIds: [LEGACY_WORKSPACE], ...range });
    expect(fetched.absentTables).toEqual([{ workspaceId: LEGACY_WORKSPACE, table: "AZKVAuditLogs" }]);
    expect(canonical(fetched.aggregates)).toEqual(canonical(aggregateRecords(estate.records.filter((r) => r.time <= range.to))));
  });

  it("counts a vault-hour held by both tables once, preferring AZKVAuditLogs", async () => {
    const migrated = WINDOW_START - 3 * DAY;
    emulator.logAnalytics.addRows(MIXED_WORKSPACE, "AzureDiagnostics", estate.records.filter((r) => r.time < migrated + HOUR).map(diagnosticsRow));
    emulator.logAnalytics.addRows(MIXED_WORKSPACE, "AZKVAuditLogs", estate.records.filter((r) => r.time >= migrated).map(azkvRow));
    const fetched = await fetchKeyAccessAggregates(client(), { workspaceIds: [MIXED_WORKSPACE], ...range });
    expect(canonical(fetched.aggregates)).toEqual(canonical(aggregateRecords(estate.records.filter((r) => r.time <= range.to))));
  });

  it("splits a slice whose result the service truncated until every piece fits", async () => {
    emulator.logAnalytics.addRows(WORKSPACE, "AZKVAuditLogs", estate.records.map(azkvRow));
    emulator.logAnalytics.maxResultRows = 40;
    const fetched = await fetchKeyAccessAggregates(client(), { workspaceIds: [WORKSPACE], ...range });
    expect(fetched.gaps).toEqual([]);
    expect(fetched.queries).toBeGreaterThan(30);
    expect(canonical(fetched.aggregates)).toEqual(canonical(aggregateRecords(estate.records.filter((r) => r.time <= range.to))));
  });

  it("rides out throttling: the SDK honours Retry-After, then our own retries", async () => {
    emulator.logAnalytics.addRows(WORKSPACE, "AZKVAuditLogs", estate.records.map(azkvRow));
    emulator.logAnalytics.throttle(WORKSPACE, 5, 0);
    const fetched = await fetchKeyAccessAggregates(client(2), { workspaceIds: [WORKSPACE], ...range, concurrency: 1, throttleRetries: 2, throttleBackoffMs: 1 });
    expect(fetched.gaps).toEqual([]);
    expect(emulator.logAnalytics.queries.filter((query) => query.status === 429)).toHaveLength(5);
    expect(canonical(fetched.aggregates)).toEqual(canonical(aggregateRecords(estate.records.filter((r) => r.time <= range.to))));
  });

  it("reports what stayed throttled as a gap, and runs no novelty detector over a baseline with holes", async () => {
    emulator.logAnalytics.addRows(WORKSPACE, "AZKVAuditLogs", estate.records.map(azkvRow));
    emulator.logAnalytics.throttle(WORKSPACE, 3, 0);
    const check = await checkKeyAccess({
      client: client(0),
      workspaceIds: [WORKSPACE],
      now: NOW,
      sinks: [],
      deduplicator: new MemoryDeduplicator(),
      query: { concurrency: 1, throttleRetries: 0 },
    });
    expect(check.gaps.length).toBeGreaterThan(0);
    expect(check.gaps[0]).toMatchObject({ workspaceId: WORKSPACE, reason: expect.stringMatching(/^429/) });
    expect(check.analysis.skipped.map((skip) => skip.kind)).toEqual(["new-caller", "new-ip", "unusual-object", "off-hours"]);
    expect(check.analysis.anomalies.map((a) => a.kind)).toEqual(["sensitive-operation"]);
  });
});
