import { describe, expect, it } from "vitest";
import { analyzeRows, type Anomaly } from "../../../shared/anomalies/index.ts";
import {
  ALICE,
  CMK_SERVICE,
  cmkUnwrapsPerHour,
  DAY,
  HOUR,
  hours,
  KEY_VAULT_SHAPES,
  NOW,
  OFFICE_IPS,
  rowsOf,
  SERVICE_IP,
  WINDOW_START,
  normalEstate,
  type KeyVaultShape,
  type Traffic,
  type Who,
} from "./traffic.ts";

/** A batch job that unwrapped with an old key until a person deleted it, ten days ago. */
const BATCH: Who = { oid: "88888888-0000-4000-8000-000000000008", appid: "88888888-0000-4000-8000-0000000000a8" };
const BATCH_IP = "20.50.60.80";
const DELETED_ON_PURPOSE = WINDOW_START - 10 * DAY + 9 * HOUR;

const at = (hourOfDay: number) => WINDOW_START + hourOfDay * HOUR;
const analyze = (traffic: Traffic, shape: KeyVaultShape): Anomaly[] => analyzeRows(rowsOf(traffic, shape), { now: NOW }).anomalies;

/** The estate with the CMK service's unwraps refused (a disabled key) or not found (a deleted one) from 14:00 on. */
function keyLostAt14(status: 403 | 404): Traffic {
  const traffic = normalEstate();
  for (const record of traffic.records) {
    if (record.callerOid === CMK_SERVICE.oid && record.time >= at(14)) record.httpStatus = status;
  }
  return traffic;
}

function withRetriedDeletedKey(): Traffic {
  const traffic = normalEstate();
  for (const hour of hours(WINDOW_START - 14 * DAY, DELETED_ON_PURPOSE)) traffic.repeat(3, hour + 600_000, "KeyUnwrap", 200, BATCH, BATCH_IP, "keys/old-cmk");
  traffic.request(DELETED_ON_PURPOSE, "KeyDelete", 200, ALICE, OFFICE_IPS[0]!, "keys/old-cmk");
  // A forgotten cron entry still tries the old key now and then.
  for (const hourOfDay of [1, 9, 17]) traffic.repeat(3, at(hourOfDay) + 600_000, "KeyUnwrap", 404, BATCH, BATCH_IP, "keys/old-cmk");
  return traffic;
}

describe.each(KEY_VAULT_SHAPES)("key-unavailable, in %s", (shape) => {
  it.each([403, 404] as const)("fires when a service's unwraps with its key fail in bulk (%s), names the key, and says it is an outage", (status) => {
    const anomalies = analyze(keyLostAt14(status), shape);
    expect(anomalies.map((anomaly) => anomaly.kind)).toEqual(["key-unavailable"]);
    const failed = [...hours(at(14), at(24))].reduce((total, hour) => total + cmkUnwrapsPerHour(hour), 0);
    expect(anomalies[0]).toMatchObject({
      severity: "high",
      caller: { oid: CMK_SERVICE.oid },
      start: new Date(at(14) + 2000).toISOString(),
      evidence: {
        key: "keys/cmk",
        keys: [{ key: "keys/cmk", failed }],
        failed,
        forbidden: status === 403 ? failed : 0,
        notFound: status === 404 ? failed : 0,
        impact: expect.stringMatching(/^keys\/cmk cannot be used: .*outage of that data rather than an intrusion/),
      },
    });
    expect(anomalies[0]!.evidence.hours).toHaveLength(10);
  });

  it("folds the denied-burst the refusals would raise into the outage", () => {
    const kinds = analyze(keyLostAt14(403), shape).map((anomaly) => anomaly.kind);
    expect(kinds).not.toContain("denied-burst");
  });

  it("stays quiet for a client retrying a few unwraps with a key a person deleted on purpose", () => {
    expect(analyze(withRetriedDeletedKey(), shape)).toEqual([]);
  });

  it("stays quiet when a few unwraps fail among many that succeed", () => {
    const traffic = normalEstate().repeat(25, at(15) + 5000, "KeyUnwrap", 403, CMK_SERVICE, SERVICE_IP, "keys/cmk");
    expect(analyze(traffic, shape).map((anomaly) => anomaly.kind)).not.toContain("key-unavailable");
  });
});
