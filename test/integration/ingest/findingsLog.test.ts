import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { EmulatorCredential } from "../../../dev/emulatorCredential.ts";
import { emulatedFindingsLog, EMULATED_RULE_ID } from "../../../dev/findingsLog.ts";
import { localRuntime } from "../../../dev/localRuntime.ts";
import { startEmulator, type RunningEmulator } from "../../../emulator/index.ts";
import { DEFAULT_POLICY, type Policy } from "../../../shared/config/policy.ts";
import { silentLogger, type Logger } from "../../../shared/core/index.ts";
import { FINDINGS_STREAM, FindingsLog, findingRow, findingsLogAnomalySink, ingestingRecorder } from "../../../shared/ingest/index.ts";
import { Ledger } from "../../../shared/store/ledger.ts";
import { sweep, type QueuedRuntime } from "../../../shared/workflow/index.ts";
import { InvocationContext, type Timer } from "@azure/functions";
import { keyAccessFromSettings, keyAccessHandler } from "../../../functions/keyAccess.ts";
import { SERVICE } from "../../setup/stack.ts";
import { ALICE, azkvRow, OFFICE_IPS, Traffic } from "../../unit/anomalies/traffic.ts";
import { tlsFinding } from "../../unit/tickets/samples.ts";

/** The demo estate needs more fixes than the default share cap lets a sweep make unasked. */
const POLICY: Policy = { ...DEFAULT_POLICY, limits: { ...DEFAULT_POLICY.limits, maxSweepFixShare: 1 } };

function recordingLogger(): Logger & { errors: string[] } {
  const errors: string[] = [];
  return { ...silentLogger, errors, error: (message: string) => void errors.push(String(message)) };
}

describe("findings to Log Analytics through the real LogsIngestionClient and the emulator's Logs Ingestion API", () => {
  let emulator: RunningEmulator;
  let log: ReturnType<typeof emulatedFindingsLog>;
  let runtime: QueuedRuntime;

  beforeAll(async () => {
    emulator = await startEmulator({ estate: "demo", throttle: false });
    log = emulatedFindingsLog(emulator);
    const id = randomBytes(5).toString("hex");
    runtime = await localRuntime({
      endpoint: emulator.endpoint,
      ca: emulator.ca,
      connectionString: inject("azuriteConnectionString"),
      identity: SERVICE,
      policy: POLICY,
      logger: silentLogger,
      subscriptionIds: emulator.subscriptions,
      tablePrefix: `t${id}`,
      queueName: `t-${id}`,
      retry: { retryDelayInMs: 20, maxRetryDelayInMs: 200 },
      pacer: false,
      env: log.env,
    });
  });
  afterAll(() => emulator?.stop());

  const sender = (overrides: { ruleId?: string; stream?: string } = {}, logger: Logger = silentLogger) =>
    new FindingsLog(
      { endpoint: emulator.endpoint, ca: emulator.ca, credential: new EmulatorCredential(), ruleId: overrides.ruleId ?? EMULATED_RULE_ID, stream: overrides.stream ?? FINDINGS_STREAM },
      logger,
    );

  it("a sweep sends every finding it records and every state of every fix, gzipped, in the stream's declared columns", async () => {
    const outcome = await sweep(runtime, emulator.subscriptions);
    const rows = log.rows();
    const findingRows = rows.filter((r) => r.RecordKind === "finding");
    const key = (resourceId: unknown, controlId: unknown) => `${String(resourceId).toLowerCase()}|${String(controlId)}`;
    const sent = new Set(findingRows.map((r) => key(r.ResourceId, r.ControlId)));
    expect(outcome.findings.length).toBeGreaterThan(20);
    expect(outcome.findings.filter((f) => !sent.has(key(f.resourceId, f.controlId)))).toEqual([]);

    const applied = outcome.actions.filter((a) => a.kind === "remediation" && a.status === "applied");
    expect(applied.length).toBeGreaterThan(0);
    for (const action of applied) {
      const states = rows.filter((r) => r.RecordKind === "action" && r.ActionId === action.id).map((r) => r.Status);
      expect(states).toEqual(["intent", "applied"]);
    }
    expect(emulator.logsIngestion.requests.every((r) => r.status === 204 && r.gzip && r.problems.length === 0)).toBe(true);
    // The ledger is the record; the table is a copy of it, the sweep's own alerts (the larger demo estate trips the blast-radius breaker) included.
    const ledger = await runtime.ledger.findings.list({}, { limit: 1000 });
    expect(ledger.findings.length).toBeGreaterThanOrEqual(new Set(outcome.findings.map((f) => key(f.resourceId, f.controlId))).size);
    expect(ledger.findings.filter((f) => !sent.has(key(f.resourceId, f.controlId)))).toEqual([]);
  });

  it("retries a throttled send, honouring Retry-After, until the rows arrive", async () => {
    emulator.logsIngestion.clear();
    emulator.logsIngestion.throttle(2, 0);
    const result = await sender().send([findingRow(tlsFinding(), new Date())]);
    expect(result).toEqual({ sent: 1, failed: 0 });
    expect(emulator.logsIngestion.requests.map((r) => r.status)).toEqual([429, 429, 204]);
    expect(log.rows()).toHaveLength(1);
  });

  it("splits more than the API's 1 MB into several requests, each under the limit", async () => {
    emulator.logsIngestion.clear();
    const rows = Array.from({ length: 600 }, (_, i) => findingRow(tlsFinding({ resourceId: `${tlsFinding().resourceId}${i}`, reason: "r".repeat(3_000) }), new Date()));
    expect(Buffer.byteLength(JSON.stringify(rows))).toBeGreaterThan(1024 * 1024);
    expect(await sender().send(rows)).toEqual({ sent: 600, failed: 0 });
    expect(emulator.logsIngestion.requests.length).toBeGreaterThan(1);
    expect(emulator.logsIngestion.requests.every((r) => r.status === 204)).toBe(true);
    expect(log.rows()).toHaveLength(600);
  });

  it("a send the service refuses is logged, naming the rule, and never fails the recording", async () => {
    const logger = recordingLogger();
    const ledger = Ledger.inMemory();
    const recorder = ingestingRecorder(ledger, sender({ ruleId: "dcr-ffffffffffffffffffffffffffffffff" }, logger));
    await recorder.recordFindings([tlsFinding()], new Date());
    expect((await ledger.findings.list({})).findings).toHaveLength(1);
    expect(logger.errors).toEqual([expect.stringMatching(/could not send 1 of 1 row\(s\) to Custom-EncryptionGuardFindings \(rule dcr-f+ .*not found/)]);
    const undeclared = recordingLogger();
    expect(await sender({ stream: "Custom-Other" }, undeclared).send([findingRow(tlsFinding(), new Date())])).toEqual({ sent: 0, failed: 1 });
    expect(undeclared.errors[0]).toContain("Stream 'Custom-Other' is not declared");
  });

  it("key access anomalies go to the same table; a refused send fails the sink so the alert is tried again", async () => {
    emulator.logsIngestion.clear();
    const anomaly = {
      kind: "new-caller" as const,
      vault: `/subscriptions/${emulator.subscriptions[0]}/resourcegroups/sec/providers/microsoft.keyvault/vaults/kv1`,
      caller: { oid: "o", appid: "a", upn: "" },
      start: "2026-03-01T10:00:00Z",
      end: "2026-03-01T10:05:00Z",
      severity: "medium" as const,
      score: 3,
      evidence: { operations: 4 },
    };
    await findingsLogAnomalySink(sender()).record([anomaly]);
    expect(log.rows()).toEqual([expect.objectContaining({ RecordKind: "anomaly", AnomalyKind: "new-caller", ResourceName: "kv1" })]);
    await expect(findingsLogAnomalySink(sender({ stream: "Custom-Other" })).record([anomaly])).rejects.toThrow("1 of 1 anomaly row(s) not sent");
  });

  it("the keyAccess timer sends the anomalies it finds to the table when GUARD_LOGS_* name it", async () => {
    emulator.logsIngestion.clear();
    const workspace = "7a1b2c3d-0000-4000-8000-00000000f0aa";
    emulator.logAnalytics.addRows(workspace, "AZKVAuditLogs", new Traffic().request(Date.now() - 10 * 60_000, "KeyDelete", 200, ALICE, OFFICE_IPS[0]!, "old-key").records.map(azkvRow));
    const saved = { ...process.env };
    Object.assign(process.env, log.env, { LOG_ANALYTICS_WORKSPACE_IDS: workspace, LOG_ANALYTICS_ENDPOINT: `${emulator.endpoint}/v1`, LOG_ANALYTICS_CA_CERT_FILE: emulator.caFile });
    try {
      const timer: Timer = { isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: "", next: "", lastUpdated: "" } };
      const summary = await keyAccessHandler(keyAccessFromSettings({ credential: new EmulatorCredential() }))(timer, new InvocationContext({ functionName: "keyAccess" }));
      expect(summary).toMatchObject({ anomalies: 1, sent: 1 });
    } finally {
      process.env = saved;
    }
    expect(log.rows()).toEqual([expect.objectContaining({ RecordKind: "anomaly", AnomalyKind: "sensitive-operation", Severity: "critical" })]);
  });
});
