import { describe, expect, it } from "vitest";
import { analyzeRows, type Anomaly } from "../../../shared/anomalies/index.ts";
import { ALICE, CONFIG_APP, DAY, HOUR, hours, KEY_VAULT_SHAPES, NOW, OFFICE_IPS, rowsOf, SERVICE_IP, WINDOW_START, normalEstate, type KeyVaultShape, type Traffic, type Who } from "./traffic.ts";

/** A document renderer that legitimately reads a few of the vault's hundreds of templates each office hour, new ones every day. */
const RENDERER: Who = { oid: "aaaaaaaa-1111-4000-8000-000000000011", appid: "aaaaaaaa-1111-4000-8000-0000000000c1" };
const RENDERER_IP = "20.50.60.90";

const at = (hourOfDay: number, minute = 0) => WINDOW_START + hourOfDay * HOUR + minute * 60_000;
const analyze = (traffic: Traffic, shape: KeyVaultShape): Anomaly[] => analyzeRows(rowsOf(traffic, shape), { now: NOW }).anomalies;

/** The configuration app's stolen credentials read one or two secrets it never read, each hour from 10:00 to 15:00, without listing. */
function lowAndSlow(traffic = normalEstate()): Traffic {
  let secret = 0;
  for (let hourOfDay = 10; hourOfDay <= 15; hourOfDay++) {
    for (let n = 0; n < (hourOfDay % 2 === 0 ? 2 : 1); n++) traffic.request(at(hourOfDay, 7 + n), "SecretGet", 200, CONFIG_APP, SERVICE_IP, `secrets/payroll-${++secret}`);
  }
  return traffic;
}

function withRenderer(): Traffic {
  const traffic = normalEstate();
  let template = 0;
  for (const hour of hours(WINDOW_START - 14 * DAY, WINDOW_START + DAY)) {
    const timeOfDay = (hour % DAY) / HOUR;
    if (timeOfDay < 8 || timeOfDay >= 18) continue;
    for (let n = 0; n < 3; n++) traffic.request(hour + 300_000 + n * 1000, "SecretGet", 200, RENDERER, RENDERER_IP, `secrets/template-${(template++ * 7) % 900}`);
  }
  return traffic;
}

describe.each(KEY_VAULT_SHAPES)("unusual-object, in %s", (shape) => {
  it("fires when an identity reads secrets it never touched, a few an hour for hours, without listing", () => {
    const anomalies = analyze(lowAndSlow(), shape);
    expect(anomalies.map((anomaly) => anomaly.kind)).toEqual(["unusual-object"]);
    expect(anomalies[0]).toMatchObject({
      caller: { oid: CONFIG_APP.oid },
      severity: "medium",
      start: new Date(at(10, 7)).toISOString(),
      end: new Date(at(15, 7)).toISOString(),
      evidence: {
        newObjects: [
          "secrets/payroll-1",
          "secrets/payroll-2",
          "secrets/payroll-3",
          "secrets/payroll-4",
          "secrets/payroll-5",
          "secrets/payroll-6",
          "secrets/payroll-7",
          "secrets/payroll-8",
          "secrets/payroll-9",
        ],
        newObjectCount: 9,
        // Its 25 settings, read at every 06:00 restart since the first.
        baselineObjects: 25,
        addresses: [SERVICE_IP],
      },
    });
    expect(anomalies[0]!.evidence.hours).toHaveLength(6);
  });

  it("stays quiet for an identity whose set of objects grows every day", () => {
    const traffic = withRenderer();
    expect(analyze(traffic, shape)).toEqual([]);
    // The renderer reads more objects new to it than the stolen credentials did.
    const mine = traffic.records.filter((record) => record.callerOid === RENDERER.oid);
    const before = new Set(mine.filter((record) => record.time < WINDOW_START).map((record) => record.objectName));
    const fresh = new Set(mine.filter((record) => record.time >= WINDOW_START && !before.has(record.objectName)).map((record) => record.objectName));
    expect(fresh.size).toBeGreaterThan(9);
  });

  it("stays quiet for a person browsing: a list, then a few objects new to her, hour after hour", () => {
    const traffic = normalEstate();
    for (const hourOfDay of [10, 12, 14]) {
      traffic.request(at(hourOfDay, 1), "SecretList", 200, ALICE, OFFICE_IPS[0]!);
      for (let n = 0; n < 3; n++) traffic.request(at(hourOfDay, 2) + n * 1000, "SecretGet", 200, ALICE, OFFICE_IPS[0]!, `secrets/browsed-${hourOfDay}-${n}`);
    }
    expect(analyze(traffic, shape)).toEqual([]);
  });

  it("stays quiet for a service that browsed before, on two days, when it lists before reading new objects", () => {
    const traffic = lowAndSlow();
    for (const day of [4, 9]) {
      traffic.request(WINDOW_START - day * DAY + 11 * HOUR, "SecretList", 200, CONFIG_APP, SERVICE_IP);
      traffic.request(WINDOW_START - day * DAY + 11 * HOUR + 1000, "SecretGet", 200, CONFIG_APP, SERVICE_IP, `secrets/looked-up-${day}`);
    }
    for (let hourOfDay = 10; hourOfDay <= 15; hourOfDay++) traffic.request(at(hourOfDay, 1), "SecretList", 200, CONFIG_APP, SERVICE_IP);
    expect(analyze(traffic, shape)).toEqual([]);
  });

  it("is not fooled by an application's routine list at start-up, which it never follows with new objects", () => {
    const traffic = lowAndSlow();
    for (const hourOfDay of [10, 12, 14]) traffic.request(at(hourOfDay, 1), "SecretList", 200, CONFIG_APP, SERVICE_IP);
    expect(analyze(traffic, shape).map((anomaly) => anomaly.kind)).toEqual(["unusual-object"]);
  });

  it("is not masked by a single day of new objects in the baseline (a past incident)", () => {
    const traffic = lowAndSlow();
    // Two hundred objects new to it on one day: counted as its habit, they would make nine new ones unremarkable.
    for (let n = 0; n < 200; n++) traffic.request(WINDOW_START - 4 * DAY + (10 + (n % 10)) * HOUR + n * 1000, "SecretGet", 200, CONFIG_APP, SERVICE_IP, `secrets/earlier-${n}`);
    expect(analyze(traffic, shape).map((anomaly) => anomaly.kind)).toEqual(["unusual-object"]);
  });

  it("stays quiet for new objects read in one burst (several objects, but not several hours)", () => {
    const traffic = normalEstate();
    for (let n = 0; n < 6; n++) traffic.request(at(11, n), "SecretGet", 200, CONFIG_APP, SERVICE_IP, `secrets/payroll-${n}`);
    expect(analyze(traffic, shape)).toEqual([]);
  });
});
