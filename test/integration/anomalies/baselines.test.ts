import { randomBytes, randomUUID } from "node:crypto";
import { InvocationContext, type Timer } from "@azure/functions";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator/index.ts";
import { keyAccessFromSettings, keyAccessHandler } from "../../../functions/keyAccess.ts";
import {
  aggregateRecords,
  analysisPeriod,
  analyzeRows,
  BaselineStore,
  checkKeyAccess,
  createLogsQueryClient,
  MemoryDeduplicator,
  type Anomaly,
  type AnomalySink,
} from "../../../shared/anomalies/index.ts";
import { encodeProfile, profilesFromAggregates } from "../../../shared/anomalies/baselines/index.ts";
import { EmulatorCredential } from "../../../dev/emulatorCredential.ts";
import { AzureTables } from "../../../shared/store/azureRows.ts";
import { administrativeOperation, ALICE, azkvRow, DAY, diagnosticSetting, HOUR, NOW, OFFICE_IPS, STRANGER, WINDOW_START, normalEstate, type Who } from "../../unit/anomalies/traffic.ts";

const WORKSPACE = "7a1b2c3d-0000-4000-8000-00000000f0b1";
const timer: Timer = { isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: "", next: "", lastUpdated: "" } };
const GUARD: Who = { oid: "77777777-0000-4000-8000-000000000007", appid: "77777777-0000-4000-8000-0000000000a7" };
const MALLORY: Who = { oid: "66666666-0000-4000-8000-000000000006", appid: "04b07795-8ddb-461a-bbee-02f9e1bf7b46", upn: "mallory@contoso.example" };

/** Two days of traffic past the first run, so later runs have hours to read. */
const estate = normalEstate(WINDOW_START + 3 * DAY)
  .repeat(12, WINDOW_START + 2 * HOUR, "KeyUnwrap", 200, STRANGER, "185.1.2.3", "keys/cmk")
  .request(WINDOW_START + DAY + 3 * HOUR, "SecretGet", 200, ALICE, OFFICE_IPS[0]!, "secrets/db-password");
const activity = [
  ...administrativeOperation({
    time: WINDOW_START + 5 * HOUR,
    operation: "MICROSOFT.INSIGHTS/DIAGNOSTICSETTINGS/WRITE",
    target: diagnosticSetting("encryption-guard"),
    who: GUARD,
    correlationId: "c-guard",
    body: { properties: { workspaceId: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law", logs: [{ categoryGroup: "audit", enabled: true }] } },
  }),
  ...administrativeOperation({
    time: WINDOW_START + DAY + 30 * 60_000,
    operation: "MICROSOFT.INSIGHTS/DIAGNOSTICSETTINGS/DELETE",
    target: diagnosticSetting("audit-to-law"),
    who: MALLORY,
    correlationId: "c-mallory",
  }),
];
const rows = [...estate.records.map(azkvRow), ...activity];

let emulator: RunningEmulator;
const savedEnv = { ...process.env };

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.logAnalytics.addRows(WORKSPACE, "AZKVAuditLogs", estate.records.map(azkvRow));
  emulator.logAnalytics.addRows(WORKSPACE, "AzureActivity", activity);
});
afterAll(async () => {
  await emulator.stop();
});
afterEach(() => {
  process.env = { ...savedEnv };
});

function configure(prefix: string) {
  process.env.LOG_ANALYTICS_WORKSPACE_IDS = WORKSPACE;
  process.env.LOG_ANALYTICS_ENDPOINT = `${emulator.endpoint}/v1`;
  process.env.LOG_ANALYTICS_CA_CERT_FILE = emulator.caFile;
  process.env.GUARD_STORAGE = inject("azuriteConnectionString");
  process.env.GUARD_TABLE_PREFIX = prefix;
  process.env.GUARD_LEDGER_KEYS = randomBytes(32).toString("base64");
  process.env.GUARD_SERVICE_OBJECT_ID = GUARD.oid;
}

/** One run of the timer at `now`, with what it logged, what it sent and the queries the workspace received. */
async function runAt(now: Date) {
  const lines: string[] = [];
  const sent: Anomaly[] = [];
  const sink: AnomalySink = { name: "test", record: async (anomalies) => void sent.push(...anomalies) };
  const context = new InvocationContext({ functionName: "keyAccess", logHandler: (level, ...args) => lines.push(`${level} ${args.join(" ")}`) });
  const queriesBefore = emulator.logAnalytics.queries.length;
  const handler = keyAccessHandler(async (invocation) => ({ ...(await keyAccessFromSettings({ credential: new EmulatorCredential() })(invocation)), sinks: [sink], now: () => now }));
  const summary = await handler(timer, context);
  return { summary, lines, sent, queries: emulator.logAnalytics.queries.slice(queriesBefore) };
}

const kindsOf = (anomalies: readonly Anomaly[]) => anomalies.map((anomaly) => `${anomaly.kind} ${anomaly.caller.upn || anomaly.caller.oid}`).sort();

describe("the keyAccess timer with its baselines in Table storage (the test run's Azurite)", () => {
  it("builds the baselines on its first run, then queries only the hours since: one query per table", async () => {
    const prefix = `b${randomUUID().replace(/-/g, "").slice(0, 12)}`;
    configure(prefix);

    const first = await runAt(NOW);
    expect(first.lines).toContainEqual(expect.stringContaining("keyAccess: baselines rebuilt from the workspace: no stored baseline"));
    // 15 day slices of AZKVAuditLogs, AzureDiagnostics until its first "no such table", AzureActivity over the window.
    expect(first.queries.length).toBeGreaterThanOrEqual(17);

    const secondNow = new Date(NOW.getTime() + 15 * 60_000);
    const second = await runAt(secondNow);
    expect(second.lines.some((line) => line.includes("rebuilt"))).toBe(false);
    // From the hour that held the first run's end minus half an hour (ingestion latency): 23:00, so one slice per table.
    const expectedSpan = `2024-06-17T23:00:00.000Z/${secondNow.toISOString()}`;
    expect(second.queries.map((query) => [query.table, query.timespan]).sort()).toEqual([
      ["AZKVAuditLogs", expectedSpan],
      ["AzureActivity", expectedSpan],
      ["AzureDiagnostics", expectedSpan],
    ]);
  });

  it("finds on stored baselines exactly what a full read of the same rows finds, run after run, and keeps profiles equal to a fresh build", async () => {
    const prefix = `b${randomUUID().replace(/-/g, "").slice(0, 12)}`;
    const store = new BaselineStore(new AzureTables({ connectionString: inject("azuriteConnectionString") }, { prefix }));
    const client = createLogsQueryClient({ credential: new EmulatorCredential(), endpoint: `${emulator.endpoint}/v1`, ca: emulator.ca });
    // Fifteen minutes apart, then across hour boundaries, then across a day.
    const runs = [NOW, new Date(NOW.getTime() + 15 * 60_000), new Date(NOW.getTime() + 5 * HOUR + 20 * 60_000), new Date(NOW.getTime() + 30 * HOUR)];
    const found = new Set<string>();
    for (const [index, now] of runs.entries()) {
      const check = await checkKeyAccess({ client, workspaceIds: [WORKSPACE], now, sinks: [], deduplicator: new MemoryDeduplicator(), baselines: store, serviceIdentity: { objectId: GUARD.oid } });
      expect(check.baseline.mode).toBe(index === 0 ? "rebuilt" : "updated");
      expect(check.analysis.anomalies).toEqual(analyzeRows(rows, { now, serviceIdentity: { objectId: GUARD.oid } }).anomalies);
      for (const kind of kindsOf(check.analysis.anomalies)) found.add(kind);
    }
    // The setting deleted by someone other than the service was reported; the service's own write was not.
    expect([...found]).toContain(`logging-disabled ${MALLORY.upn}`);
    expect([...found].some((kind) => kind.includes(GUARD.oid))).toBe(false);

    const lastRun = runs.at(-1)!;
    const stored = await store.load(BaselineStore.partitionOf([WORKSPACE]));
    const period = analysisPeriod(lastRun);
    const fresh = profilesFromAggregates(aggregateRecords(estate.records.filter((record) => record.time <= lastRun.getTime())), period.baselineStart, period.windowStart);
    expect(stored.state?.profiles.size).toBe(fresh.size);
    for (const [key, profile] of fresh) expect(encodeProfile(stored.state!.profiles.get(key)!)).toBe(encodeProfile(profile));
  });

  it("keeps what an earlier run read of an hour when reading it again fails, and fills the gap on the next run", async () => {
    const prefix = `b${randomUUID().replace(/-/g, "").slice(0, 12)}`;
    const store = new BaselineStore(new AzureTables({ connectionString: inject("azuriteConnectionString") }, { prefix }));
    const client = createLogsQueryClient({ credential: new EmulatorCredential(), endpoint: `${emulator.endpoint}/v1`, ca: emulator.ca, maxRetries: 0 });
    const check = (now: Date) =>
      checkKeyAccess({
        client,
        workspaceIds: [WORKSPACE],
        now,
        sinks: [],
        deduplicator: new MemoryDeduplicator(),
        baselines: store,
        serviceIdentity: { objectId: GUARD.oid },
        query: { throttleRetries: 0, concurrency: 1 },
      });
    const partition = BaselineStore.partitionOf([WORKSPACE]);
    const lastHour = WINDOW_START + 23 * HOUR;
    const heldOf = async (hour: number) => ((await store.load(partition)).state?.window ?? []).filter((aggregate) => aggregate.hour === hour).length;

    await check(NOW);
    const held = await heldOf(lastHour);
    expect(held).toBeGreaterThan(0);

    emulator.logAnalytics.throttle(WORKSPACE, 3, 0);
    const failing = await check(new Date(NOW.getTime() + 15 * 60_000));
    expect(failing.gaps).toHaveLength(3);
    expect(failing.baseline).toEqual({ mode: "updated" });
    expect(await heldOf(lastHour)).toBe(held);

    const now = new Date(NOW.getTime() + 30 * 60_000);
    const healthy = await check(now);
    expect(healthy.gaps).toEqual([]);
    expect((await store.load(partition)).state?.gaps).toEqual([]);
    expect(healthy.analysis.anomalies).toEqual(analyzeRows(rows, { now, serviceIdentity: { objectId: GUARD.oid } }).anomalies);
  });

  it("rebuilds when the stored baseline is older than the baseline window, or when the baseline's length changed", async () => {
    const prefix = `b${randomUUID().replace(/-/g, "").slice(0, 12)}`;
    configure(prefix);
    await runAt(new Date(NOW.getTime() - 20 * DAY));
    expect((await runAt(NOW)).lines).toContainEqual(expect.stringContaining("rebuilt from the workspace: the stored baseline is older than the baseline window"));
    process.env.KEY_ACCESS_BASELINE_DAYS = "7";
    expect((await runAt(new Date(NOW.getTime() + 15 * 60_000))).lines).toContainEqual(
      expect.stringContaining("rebuilt from the workspace: the workspaces, the baseline, the window or the queries changed"),
    );
  });
});
