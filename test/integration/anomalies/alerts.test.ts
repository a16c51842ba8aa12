import { randomBytes, randomUUID } from "node:crypto";
import { InvocationContext, type Timer } from "@azure/functions";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator/index.ts";
import { keyAccessFromSettings, keyAccessHandler } from "../../../functions/keyAccess.ts";
import { EmulatorCredential } from "../../../dev/emulatorCredential.ts";
import { AnomalyLedger, sinkAlertKey, dispatchAnomalies, type Anomaly, type AnomalySink } from "../../../shared/anomalies/index.ts";
import { AzureTables } from "../../../shared/store/azureRows.ts";
import { queryAll } from "../../../shared/store/rows.ts";
import { anomalySinksFromPolicy } from "../../../shared/tickets/anomalySink.ts";
import { signatureOf } from "../../../shared/tickets/sinks/webhook.ts";
import { WebhookReceiver } from "../../fakes/webhook.ts";
import { ALICE, OFFICE_IPS, Traffic, azkvRow } from "../../unit/anomalies/traffic.ts";

/** The timer function as the host registers it, signed in to the emulator. */
const keyAccessTimer = keyAccessHandler(keyAccessFromSettings({ credential: new EmulatorCredential() }));

const HOUR = 3_600_000;
const SECRET = "alert-secret";
const WEBHOOK = { type: "webhook", urlSetting: "ALERTS_WEBHOOK_URL", secretSetting: "ALERTS_WEBHOOK_SECRET" } as const;

const deletion: Anomaly = {
  kind: "sensitive-operation",
  vault: "/subscriptions/7a1b2c3d-0000-4000-8000-00000000a001/resourcegroups/rg-app/providers/microsoft.keyvault/vaults/kv-app",
  caller: { oid: "22222222-0000-4000-8000-000000000002", appid: "", upn: "alice@contoso.example" },
  start: "2024-06-17T10:00:00.000Z",
  end: "2024-06-17T10:00:00.000Z",
  severity: "critical",
  score: 6,
  evidence: { operations: { KeyDelete: 1 } },
};

/** A prefix of its own: the tables a test's "deployment" owns on the shared Azurite. */
function tablePrefix(): string {
  return `a${randomUUID().replace(/-/g, "").slice(0, 12)}`;
}

describe("anomaly alerts in the ledger on the test run's Azurite, and to a webhook", () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await WebhookReceiver.start({ secret: SECRET });
  });
  afterAll(async () => {
    await receiver.stop();
  });
  afterEach(() => {
    receiver.received.length = 0;
    receiver.server.requests.length = 0;
  });

  it("records an anomaly once and POSTs it signed once; a later run, even of a new process, finds it a duplicate until the window has passed", async () => {
    const prefix = tablePrefix();
    const connection = { connectionString: inject("azuriteConnectionString") };
    const env = { ALERTS_WEBHOOK_URL: receiver.url, ALERTS_WEBHOOK_SECRET: SECRET };
    /** What a worker process builds: its own table clients and ledger over the same account and prefix. */
    const newProcess = () => {
      const ledger = new AnomalyLedger(new AzureTables(connection, { prefix }));
      return { sinks: [ledger, ...anomalySinksFromPolicy([WEBHOOK], env)], deduplicator: ledger, windowMs: 24 * HOUR };
    };
    const now = Date.parse("2024-06-17T10:15:00Z");

    const first = await dispatchAnomalies([deletion], { ...newProcess(), now });
    expect(first).toMatchObject({ sent: [deletion], duplicates: 0, failures: [] });

    const worker = newProcess();
    const again = await dispatchAnomalies([deletion], { ...worker, now: now + HOUR / 4 });
    expect(again).toMatchObject({ sent: [], duplicates: 1, failures: [] });
    expect(await newProcess().deduplicator.lastSent(sinkAlertKey({ name: "ledger" }, deletion))).toBe(now);

    const recorded = await queryAll(new AzureTables(connection, { prefix }).open("anomalies"), {});
    expect(recorded.map((row) => row.fields)).toEqual([
      {
        kind: "sensitive-operation",
        vault: deletion.vault,
        callerOid: deletion.caller.oid,
        callerAppid: "",
        callerUpn: "alice@contoso.example",
        start: deletion.start,
        end: deletion.end,
        severity: "critical",
        score: 6,
        evidence: JSON.stringify(deletion.evidence),
      },
    ]);

    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({
      event: "anomaly.detected",
      signatureValid: true,
      body: { type: "anomaly.detected", text: expect.stringMatching(/^Key access anomaly: critical sensitive-operation on .+\/kv-app by alice@\u200Dcontoso\.example/), ...deletion },
    });
    const request = receiver.server.requests[0]!;
    expect(request.headers["x-encryption-guard-signature-256"]).toBe(signatureOf(request.body, SECRET));

    const afterWindow = await dispatchAnomalies([deletion], { ...worker, now: now + 24 * HOUR });
    expect(afterWindow.sent).toEqual([deletion]);
    expect(receiver.received).toHaveLength(2);
  });

  it("fails the webhook's alerts with the missing setting's name, while the ledger still takes them", async () => {
    const ledger = new AnomalyLedger(new AzureTables({ connectionString: inject("azuriteConnectionString") }, { prefix: tablePrefix() }));
    const sinks: AnomalySink[] = [ledger, ...anomalySinksFromPolicy([WEBHOOK], { ALERTS_WEBHOOK_URL: receiver.url })];
    const result = await dispatchAnomalies([deletion], { sinks, deduplicator: ledger, now: Date.parse(deletion.end), windowMs: 24 * HOUR });
    expect(result.sent).toEqual([deletion]);
    expect(result.failures).toEqual([{ sink: "webhook:setting:ALERTS_WEBHOOK_URL", error: expect.stringContaining("ALERTS_WEBHOOK_SECRET is not set") }]);
    expect(receiver.received).toHaveLength(0);
  });

  it("leaves the issue trackers to tickets: only the policy's webhooks take alerts", () => {
    const sinks = anomalySinksFromPolicy([{ type: "github", repo: "contoso/cloud-security" }, WEBHOOK], { GITHUB_TOKEN: "token" });
    expect(sinks.map((sink) => sink.name)).toEqual(["webhook:setting:ALERTS_WEBHOOK_URL"]);
  });
});

describe("the keyAccess timer function with GUARD_STORAGE and a webhook in the policy", () => {
  const WORKSPACE = "7a1b2c3d-0000-4000-8000-00000000f002";
  const timer: Timer = { isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: "", next: "", lastUpdated: "" } };
  const savedEnv = { ...process.env };
  let emulator: RunningEmulator;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    [emulator, receiver] = await Promise.all([startEmulator(), WebhookReceiver.start({ secret: SECRET })]);
  });
  afterAll(async () => {
    process.env = { ...savedEnv };
    await Promise.all([emulator.stop(), receiver.stop()]);
  });

  it("records the anomaly and its alert in the ledger, POSTs it once, and finds it a duplicate on the next run", async () => {
    const prefix = tablePrefix();
    Object.assign(process.env, {
      LOG_ANALYTICS_WORKSPACE_IDS: WORKSPACE,
      LOG_ANALYTICS_ENDPOINT: `${emulator.endpoint}/v1`,
      LOG_ANALYTICS_CA_CERT_FILE: emulator.caFile,
      GUARD_STORAGE: inject("azuriteConnectionString"),
      GUARD_TABLE_PREFIX: prefix,
      GUARD_LEDGER_KEYS: randomBytes(32).toString("base64"),
      GUARD_POLICY: JSON.stringify({ tickets: { sinks: [WEBHOOK] } }),
      ALERTS_WEBHOOK_URL: receiver.url,
      ALERTS_WEBHOOK_SECRET: SECRET,
    });
    emulator.logAnalytics.addRows(WORKSPACE, "AZKVAuditLogs", new Traffic().request(Date.now() - 10 * 60_000, "KeyDelete", 200, ALICE, OFFICE_IPS[0]!, "keys/old-key").records.map(azkvRow));
    const invocation = () => new InvocationContext({ functionName: "keyAccess", logHandler: () => {} });

    expect(await keyAccessTimer(timer, invocation())).toEqual({ anomalies: 1, sent: 1, duplicates: 0, gaps: 0 });
    expect(await keyAccessTimer(timer, invocation())).toEqual({ anomalies: 1, sent: 0, duplicates: 1, gaps: 0 });

    const tables = new AzureTables({ connectionString: inject("azuriteConnectionString") }, { prefix });
    expect((await queryAll(tables.open("anomalies"), {})).map((row) => [row.fields.kind, row.fields.callerUpn])).toEqual([["sensitive-operation", "alice@contoso.example"]]);
    // Remembered per sink (the log, the ledger, the webhook), so a sink that failed is tried again alone.
    const alertKeys = (await queryAll(tables.open("anomalyAlerts"), {})).map((row) => String(row.fields.key));
    expect(alertKeys.map((key) => key.split("|")[0]).sort()).toEqual(["ledger", "log", "webhook:setting:ALERTS_WEBHOOK_URL"]);
    expect(alertKeys.every((key) => key.endsWith("/kv-app|22222222-0000-4000-8000-000000000002|sensitive-operation"))).toBe(true);
    expect(receiver.received.map((hook) => [hook.event, hook.signatureValid])).toEqual([["anomaly.detected", true]]);
  });
});
