import { describe, expect, it } from "vitest";
import { analyzeAggregates, DEFAULT_ALLOWLIST, type AllowlistEntry, type Anomaly, type AnomalyKind } from "../../../shared/anomalies/index.ts";
import {
  ALICE,
  CMK_SERVICE,
  CONFIG_APP,
  DAY,
  HOUR,
  NOW,
  OFFICE_IPS,
  OTHER_VAULT,
  RESOURCE_GRAPH,
  SERVICE_IP,
  STRANGER,
  VAULT,
  WINDOW_START,
  cmkUnwrapsPerHour,
  hours,
  normalEstate,
  type Traffic,
} from "./traffic.ts";

function analyze(traffic: Traffic, allowlist: readonly AllowlistEntry[] = DEFAULT_ALLOWLIST, incompleteBaseline = false): Anomaly[] {
  return analyzeAggregates(traffic.aggregates(), { now: NOW, allowlist, incompleteBaseline }).anomalies;
}

const kinds = (anomalies: Anomaly[]) => anomalies.map((anomaly) => anomaly.kind);
const of = (kind: AnomalyKind, anomalies: Anomaly[]) => anomalies.filter((anomaly) => anomaly.kind === kind);
const at = (hourOfDay: number, minute = 0) => WINDOW_START + hourOfDay * HOUR + minute * 60_000;

describe("a normal fortnight and day", () => {
  it("raises nothing: daily and weekly rhythm, restarts that read every secret, 404s, challenges, scanners", () => {
    expect(analyze(normalEstate())).toEqual([]);
  });
});

describe("sensitive-operation", () => {
  it("fires on a successful key deletion, critical, with the operations as evidence", () => {
    const traffic = normalEstate().repeat(2, at(14, 5), "KeyDelete", 200, ALICE, OFFICE_IPS[0]!, "keys/cmk");
    const [anomaly] = analyze(traffic);
    expect(anomaly).toMatchObject({
      kind: "sensitive-operation",
      vault: VAULT,
      caller: { oid: ALICE.oid, appid: ALICE.appid, upn: ALICE.upn },
      severity: "critical",
      start: new Date(at(14, 5)).toISOString(),
      end: new Date(at(14, 5) + 1000).toISOString(),
      evidence: { operations: { KeyDelete: 2 }, routineOperations: [] },
    });
    expect(anomaly!.score).toBeGreaterThan(1);
  });

  it("ignores attempts that failed", () => {
    expect(analyze(normalEstate().request(at(14), "KeyDelete", 403, ALICE, OFFICE_IPS[0]!, "keys/cmk"))).toEqual([]);
  });

  it("is one severity lower for an operation the caller performs routinely, and silent for an allowlisted backup identity", () => {
    const traffic = normalEstate();
    for (let day = 1; day <= 14; day += 7) traffic.request(WINDOW_START - day * DAY + 2 * HOUR, "KeyBackup", 200, CONFIG_APP, SERVICE_IP, "keys/cmk");
    traffic.request(at(2), "KeyBackup", 200, CONFIG_APP, SERVICE_IP, "keys/cmk");
    const [routine] = analyze(traffic);
    expect(routine).toMatchObject({ kind: "sensitive-operation", severity: "medium", evidence: { routineOperations: ["KeyBackup"] } });
    const backupJob: AllowlistEntry = { oid: CONFIG_APP.oid, kinds: ["sensitive-operation"], reason: "nightly backup" };
    expect(analyze(traffic, [...DEFAULT_ALLOWLIST, backupJob])).toEqual([]);
  });
});

describe("volume-spike", () => {
  it("fires when a service unwraps far more than its own rhythm expects for that hour", () => {
    const hour = at(3);
    const traffic = normalEstate().repeat(cmkUnwrapsPerHour(hour) * 7, hour + 5000, "KeyUnwrap", 200, CMK_SERVICE, SERVICE_IP, "keys/cmk");
    const spikes = of("volume-spike", analyze(traffic));
    expect(spikes).toHaveLength(1);
    expect(spikes[0]!.evidence.peaks).toEqual([expect.objectContaining({ hour: new Date(hour).toISOString(), family: "crypto", count: cmkUnwrapsPerHour(hour) * 8 })]);
    expect(spikes[0]!.score).toBeGreaterThan(10);
  });

  it("stays quiet when the same count comes at the hour the rhythm peaks", () => {
    // 03:00 is the trough: thrice its count is the 13:00 peak, where it is normal.
    const trough = at(3);
    const peakCount = cmkUnwrapsPerHour(at(13));
    const traffic = normalEstate();
    traffic.records.splice(0, traffic.records.length, ...traffic.records.filter((record) => !(record.time >= trough && record.time < trough + HOUR && record.operation === "KeyUnwrap")));
    traffic.repeat(peakCount, trough + 5000, "KeyUnwrap", 200, CMK_SERVICE, SERVICE_IP, "keys/cmk");
    expect(peakCount / cmkUnwrapsPerHour(trough)).toBeGreaterThan(2);
    expect(of("volume-spike", analyze(traffic))).toEqual([]);
  });
});

describe("new-caller", () => {
  it("fires when an identity never seen on the vault unwraps keys", () => {
    const traffic = normalEstate().repeat(12, at(2), "KeyUnwrap", 200, STRANGER, "185.1.2.3", "keys/cmk");
    expect(kinds(analyze(traffic))).toEqual(["new-caller"]);
    expect(of("new-caller", analyze(traffic))[0]).toMatchObject({ severity: "high", caller: { oid: STRANGER.oid }, evidence: { operations: { KeyUnwrap: 12 }, knownOnOtherVaults: false } });
  });

  it("ignores a newcomer that only reads vault properties, and a vault with no history", () => {
    const traffic = normalEstate().request(at(2), "VaultGet", 200, STRANGER, "185.1.2.3");
    traffic.repeat(5, at(2), "SecretGet", 200, STRANGER, "185.1.2.3", "secrets/x", OTHER_VAULT);
    expect(analyze(traffic)).toEqual([]);
  });

  it("is not run when part of the baseline could not be read", () => {
    const traffic = normalEstate().repeat(12, at(2), "KeyUnwrap", 200, STRANGER, "185.1.2.3", "keys/cmk");
    expect(analyze(traffic, DEFAULT_ALLOWLIST, true)).toEqual([]);
  });
});

describe("denied-burst", () => {
  it("fires on many 403s for one caller in an hour", () => {
    const traffic = normalEstate().repeat(60, at(22), "SecretGet", 403, ALICE, "185.1.2.3", "secrets/db-password");
    const bursts = of("denied-burst", analyze(traffic));
    expect(bursts).toHaveLength(1);
    expect(bursts[0]).toMatchObject({ caller: { oid: ALICE.oid }, evidence: { forbidden: 60, unauthorized: 0, addresses: ["185.1.2.3"] } });
  });

  it("groups token-less 401s by address", () => {
    const traffic = normalEstate().repeat(40, at(22), "SecretGet", 401, undefined, "185.9.9.9", "secrets/db-password");
    expect(of("denied-burst", analyze(traffic))[0]).toMatchObject({ caller: { oid: "", appid: "", upn: "" }, evidence: { unauthorized: 40, addresses: ["185.9.9.9"] } });
  });

  it("never counts the authentication challenge, however many clients start", () => {
    expect(analyze(normalEstate().repeat(300, at(10), "Authentication", 401, undefined, SERVICE_IP))).toEqual([]);
  });

  it("stays quiet for a caller that is always refused the same few times an hour", () => {
    const traffic = normalEstate();
    for (const hour of hours()) traffic.repeat(12 + ((hour / HOUR) % 3), hour + 300_000, "SecretGet", 403, CONFIG_APP, SERVICE_IP, "secrets/not-granted");
    expect(analyze(traffic)).toEqual([]);
  });
});

describe("mass-retrieval", () => {
  it("fires when a user lists the vault and then reads many distinct secrets", () => {
    const traffic = normalEstate().request(at(23, 1), "SecretList", 200, ALICE, OFFICE_IPS[0]!);
    for (let n = 0; n < 30; n++) traffic.request(at(23, 2) + n * 1000, "SecretGet", 200, ALICE, OFFICE_IPS[0]!, `secrets/setting-${n}`);
    // 23:00 is also outside the hours Alice works.
    expect(kinds(analyze(traffic))).toEqual(["mass-retrieval", "off-hours"]);
    expect(of("mass-retrieval", analyze(traffic))[0]).toMatchObject({ severity: "high", evidence: { objectsRead: 30, baselineMostObjects: 2, listedAt: new Date(at(23)).toISOString() } });
  });

  it("stays quiet for an application whose every restart does the same", () => {
    const traffic = normalEstate().request(at(15), "SecretList", 200, CONFIG_APP, SERVICE_IP);
    for (let n = 0; n < 25; n++) traffic.request(at(15) + 1000 + n, "SecretGet", 200, CONFIG_APP, SERVICE_IP, `secrets/setting-${n}`);
    expect(analyze(traffic)).toEqual([]);
  });
});

describe("new-ip", () => {
  it("fires, low, when a service with fixed egress succeeds from an address it never used", () => {
    const traffic = normalEstate().repeat(20, at(4), "KeyUnwrap", 200, CMK_SERVICE, "185.7.7.7", "keys/cmk");
    const [anomaly] = analyze(traffic);
    expect(anomaly).toMatchObject({ kind: "new-ip", severity: "low", caller: { oid: CMK_SERVICE.oid }, evidence: { newAddresses: ["185.7.7.7"], knownAddresses: 1 } });
  });

  it("stays quiet for a new address in a network the caller already uses", () => {
    expect(analyze(normalEstate().repeat(20, at(4), "KeyUnwrap", 200, CMK_SERVICE, "20.50.60.99", "keys/cmk"))).toEqual([]);
  });

  it("stays quiet for a caller whose addresses keep changing, and for allowlisted scanners", () => {
    const traffic = normalEstate().request(at(12), "VaultGet", 200, RESOURCE_GRAPH, "40.1.2.3");
    expect(analyze(traffic)).toEqual([]);
    const roaming = normalEstate();
    for (const hour of hours(WINDOW_START - 10 * DAY, WINDOW_START))
      if ((hour / HOUR) % 5 === 0) roaming.request(hour + 1, "SecretGet", 200, ALICE, `81.${(hour / HOUR) % 200}.1.1`, "secrets/db-password");
    roaming.request(at(10), "SecretGet", 200, ALICE, "92.1.1.1", "secrets/db-password");
    expect(analyze(roaming)).toEqual([]);
  });

  it("would fire for the scanner without the default allowlist", () => {
    const traffic = normalEstate();
    // Only one address in its history this time, so a new one would be surprising.
    traffic.records.forEach((record) => {
      if (record.callerOid === RESOURCE_GRAPH.oid) record.clientIp = "52.1.1.1";
    });
    traffic.request(at(12), "VaultGet", 200, RESOURCE_GRAPH, "40.1.2.3");
    expect(kinds(analyze(traffic, []))).toEqual(["new-ip"]);
    expect(analyze(traffic)).toEqual([]);
  });
});
