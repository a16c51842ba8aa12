import { describe, expect, it } from "vitest";
import { alertKey, dispatchAnomalies, loggingSink, MemoryDeduplicator, sinkAlertKey, type Anomaly, type AnomalySink } from "../../../shared/anomalies/index.ts";

const anomaly = (kind: Anomaly["kind"], oid = "oid-1", vault = "/subscriptions/s/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv"): Anomaly => ({
  kind,
  vault,
  caller: { oid, appid: "app-1", upn: "" },
  start: "2024-06-17T10:00:00.000Z",
  end: "2024-06-17T10:05:00.000Z",
  severity: "high",
  score: 5,
  evidence: {},
});

function recordingSink(name = "recording"): AnomalySink & { batches: Anomaly[][] } {
  const batches: Anomaly[][] = [];
  return { name, batches, record: async (anomalies) => void batches.push([...anomalies]) };
}

const HOUR = 3_600_000;

describe("alert dispatch", () => {
  it("sends each vault, caller and kind once within the window, and again after it", async () => {
    const sink = recordingSink();
    const deduplicator = new MemoryDeduplicator();
    const options = { sinks: [sink], deduplicator, windowMs: 24 * HOUR };
    const first = await dispatchAnomalies([anomaly("new-caller"), anomaly("new-ip")], { ...options, now: 0 });
    expect(first).toMatchObject({ duplicates: 0, failures: [] });
    expect(first.sent).toHaveLength(2);
    const repeat = await dispatchAnomalies([anomaly("new-caller"), anomaly("new-caller", "oid-2")], { ...options, now: HOUR / 4 });
    expect(repeat.duplicates).toBe(1);
    expect(repeat.sent.map((sent) => sent.caller.oid)).toEqual(["oid-2"]);
    const later = await dispatchAnomalies([anomaly("new-caller")], { ...options, now: 25 * HOUR });
    expect(later.sent).toHaveLength(1);
    expect(sink.batches.map((batch) => batch.length)).toEqual([2, 1, 1]);
  });

  it("keeps going when one sink fails, and gives the failed sink the alert next run without repeating it to the others", async () => {
    let down = true;
    const webhook = recordingSink("webhook");
    const flaky: AnomalySink = { name: "webhook", record: async (a) => (down ? Promise.reject(new Error("service unavailable")) : webhook.record(a)) };
    const ledger = recordingSink("ledger");
    const deduplicator = new MemoryDeduplicator();
    const options = { sinks: [flaky, ledger], deduplicator, windowMs: HOUR };
    const partly = await dispatchAnomalies([anomaly("denied-burst")], { ...options, now: 0 });
    expect(partly.failures).toEqual([{ sink: "webhook", error: "service unavailable" }]);
    expect(partly.sent).toHaveLength(1);
    expect(await deduplicator.lastSent(sinkAlertKey(flaky, anomaly("denied-burst")))).toBeUndefined();

    down = false;
    const retried = await dispatchAnomalies([anomaly("denied-burst")], { ...options, now: HOUR / 4 });
    expect(retried).toMatchObject({ failures: [], duplicates: 0 });
    expect(webhook.batches).toHaveLength(1);
    expect(ledger.batches).toHaveLength(1);

    const settled = await dispatchAnomalies([anomaly("denied-burst")], { ...options, now: HOUR / 2 });
    expect(settled).toMatchObject({ sent: [], duplicates: 1 });
  });

  it("keys an alert by vault, caller and kind; a caller without a token by its addresses", () => {
    expect(alertKey(anomaly("new-ip"))).toBe("/subscriptions/s/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv|oid-1|new-ip");
    const anonymous = { ...anomaly("denied-burst"), caller: { oid: "", appid: "", upn: "" }, evidence: { addresses: ["185.1.1.1"] } };
    expect(alertKey(anonymous)).toContain("|anonymous@185.1.1.1|denied-burst");
  });

  it("logs one line per anomaly", async () => {
    const lines: string[] = [];
    await loggingSink((line) => lines.push(line)).record([anomaly("volume-spike")]);
    expect(lines).toEqual([expect.stringMatching(/^key access anomaly: high volume-spike on \/subscriptions\/.+ by oid-1 \(2024-06-17T10:00:00.000Z to .+, score 5\)/)]);
  });
});
