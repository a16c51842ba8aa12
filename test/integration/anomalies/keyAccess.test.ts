import { InvocationContext, type Timer } from "@azure/functions";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator/index.ts";
import { keyAccessFromSettings, keyAccessHandler } from "../../../functions/keyAccess.ts";
import { EmulatorCredential } from "../../../dev/emulatorCredential.ts";
import type { Anomaly, AnomalySink } from "../../../shared/anomalies/index.ts";
import { ALICE, NOW, OFFICE_IPS, OTHER_VAULT, STRANGER, Traffic, WINDOW_START, HOUR, azkvRow, normalEstate } from "../../unit/anomalies/traffic.ts";

/** The timer function as the host registers it, signed in to the emulator. */
const keyAccessTimer = keyAccessHandler(keyAccessFromSettings({ credential: new EmulatorCredential() }));

const WORKSPACE = "7a1b2c3d-0000-4000-8000-00000000f001";
const timer: Timer = { isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: "", next: "", lastUpdated: "" } };

let emulator: RunningEmulator;
const savedEnv = { ...process.env };

function invocation() {
  const lines: string[] = [];
  const context = new InvocationContext({ functionName: "keyAccess", logHandler: (level, ...args) => lines.push(`${level} ${args.join(" ")}`) });
  return { context, lines };
}

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});
afterEach(() => {
  process.env = { ...savedEnv };
  emulator.logAnalytics.clear();
});

function configure(workspaceIds = WORKSPACE) {
  process.env.LOG_ANALYTICS_WORKSPACE_IDS = workspaceIds;
  process.env.LOG_ANALYTICS_ENDPOINT = `${emulator.endpoint}/v1`;
  process.env.LOG_ANALYTICS_CA_CERT_FILE = emulator.caFile;
}

describe("the keyAccess timer function", () => {
  it("reads the configured workspace, logs the anomaly once, and does not repeat it on the next run", async () => {
    configure();
    const deletedAt = Date.now() - 10 * 60_000;
    emulator.logAnalytics.addRows(WORKSPACE, "AZKVAuditLogs", new Traffic().request(deletedAt, "KeyDelete", 200, ALICE, OFFICE_IPS[0]!, "keys/old-key").records.map(azkvRow));

    const first = invocation();
    expect(await keyAccessTimer(timer, first.context)).toEqual({ anomalies: 1, sent: 1, duplicates: 0, gaps: 0 });
    expect(first.lines).toContainEqual(expect.stringMatching(/^warning key access anomaly: critical sensitive-operation on .+kv-app by alice@contoso\.example/));
    expect(emulator.logAnalytics.queries.every((query) => query.workspaceId === WORKSPACE)).toBe(true);

    const second = invocation();
    expect(await keyAccessTimer(timer, second.context)).toEqual({ anomalies: 1, sent: 0, duplicates: 1, gaps: 0 });
    expect(second.lines.some((line) => line.includes("key access anomaly:"))).toBe(false);
  });

  it("sends what it finds to the sinks it is given, over a fortnight's baseline", async () => {
    configure();
    const estate = normalEstate()
      .repeat(12, WINDOW_START + 2 * HOUR, "KeyUnwrap", 200, STRANGER, "185.1.2.3", "keys/cmk")
      .request(WINDOW_START + 14 * HOUR, "KeyDelete", 200, ALICE, OFFICE_IPS[0]!, "keys/old-key", OTHER_VAULT);
    emulator.logAnalytics.addRows(WORKSPACE, "AZKVAuditLogs", estate.records.map(azkvRow));
    const received: Anomaly[] = [];
    const sink: AnomalySink = { name: "test", record: async (anomalies) => void received.push(...anomalies) };
    const handler = keyAccessHandler(async (context) => ({ ...(await keyAccessFromSettings({ credential: new EmulatorCredential() })(context)), sinks: [sink], now: () => NOW }));
    const summary = await handler(timer, invocation().context);
    expect(summary).toEqual({ anomalies: 2, sent: 2, duplicates: 0, gaps: 0 });
    expect(received.map((anomaly) => anomaly.kind).sort()).toEqual(["new-caller", "sensitive-operation"]);
  });

  it("does nothing, and says so, without workspaces", async () => {
    configure("");
    const { context, lines } = invocation();
    expect(await keyAccessTimer(timer, context)).toEqual({ anomalies: 0, sent: 0, duplicates: 0, gaps: 0 });
    expect(lines).toContainEqual(expect.stringContaining("LOG_ANALYTICS_WORKSPACE_IDS is empty"));
  });

  it("fails loudly on a bad setting, naming it", async () => {
    configure("not-a-workspace");
    await expect(keyAccessTimer(timer, invocation().context)).rejects.toThrow(/LOG_ANALYTICS_WORKSPACE_IDS: every entry must be a Log Analytics workspace id/);
  });
});
