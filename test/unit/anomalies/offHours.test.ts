import { describe, expect, it } from "vitest";
import { analyzeRows, type Anomaly, type CallerMatcher } from "../../../shared/anomalies/index.ts";
import { ALICE, CMK_SERVICE, HOUR, hours, KEY_VAULT_SHAPES, NOW, OFFICE_IPS, rowsOf, SERVICE_IP, WINDOW_START, normalEstate, type KeyVaultShape, type Traffic, type Who } from "./traffic.ts";

/** Alice's colleague on call: reads the same secrets at any hour of any day. */
const BOB: Who = { oid: "55555555-0000-4000-8000-000000000005", appid: "04b07795-8ddb-461a-bbee-02f9e1bf7b46", upn: "bob@contoso.example" };
/** A break-glass account: a person, but its token carries no UPN. */
const BREAK_GLASS: Who = { oid: "99999999-1111-4000-8000-000000000010", appid: "99999999-1111-4000-8000-0000000000b1" };

const at = (hourOfDay: number, minute = 0) => WINDOW_START + hourOfDay * HOUR + minute * 60_000;

function analyze(traffic: Traffic, shape: KeyVaultShape, people: readonly CallerMatcher[] = []): Anomaly[] {
  return analyzeRows(rowsOf(traffic, shape), { now: NOW, people }).anomalies;
}

/** The normal estate plus Bob, who over the fortnight read a secret every seventh hour, whatever the hour. */
function withOnCallColleague(): Traffic {
  const traffic = normalEstate();
  for (const hour of hours(WINDOW_START - 14 * 24 * HOUR, WINDOW_START)) {
    if ((hour / HOUR) % 7 === 0) traffic.request(hour + 120_000, "SecretGet", 200, BOB, OFFICE_IPS[1]!, "secrets/db-password");
  }
  return traffic;
}

describe.each(KEY_VAULT_SHAPES)("off-hours, in %s", (shape) => {
  it("fires, high, when a person who only ever worked office hours reads a secret at 03:00 from a known address", () => {
    const anomalies = analyze(normalEstate().request(at(3, 12), "SecretGet", 200, ALICE, OFFICE_IPS[0]!, "secrets/db-password"), shape);
    expect(anomalies.map((anomaly) => anomaly.kind)).toEqual(["off-hours"]);
    expect(anomalies[0]).toMatchObject({
      severity: "high",
      caller: { oid: ALICE.oid, upn: ALICE.upn },
      start: new Date(at(3, 12)).toISOString(),
      evidence: {
        hours: [new Date(at(3)).toISOString()],
        operations: { SecretGet: 1 },
        // Alice reads every other hour from 10:00 to 16:00 on weekdays; two hours either side count as hers.
        usualHoursUtc: { weekday: [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18], weekend: [] },
      },
    });
  });

  it("is not masked by a single night in her baseline (a past incident), only by nights on two different days", () => {
    const once = normalEstate().request(at(3, 30) - 10 * 24 * HOUR, "SecretGet", 200, ALICE, OFFICE_IPS[0]!, "secrets/db-password");
    expect(analyze(once.request(at(3, 12), "SecretGet", 200, ALICE, OFFICE_IPS[0]!, "secrets/db-password"), shape).map((anomaly) => anomaly.kind)).toEqual(["off-hours"]);
    const twice = normalEstate().request(at(3, 30) - 10 * 24 * HOUR, "SecretGet", 200, ALICE, OFFICE_IPS[0]!, "secrets/db-password");
    twice.request(at(3, 30) - 3 * 24 * HOUR, "SecretGet", 200, ALICE, OFFICE_IPS[0]!, "secrets/db-password");
    expect(analyze(twice.request(at(3, 12), "SecretGet", 200, ALICE, OFFICE_IPS[0]!, "secrets/db-password"), shape)).toEqual([]);
  });

  it("stays quiet for the same read at 18:00, within the margin of her usual hours", () => {
    expect(analyze(normalEstate().request(at(18, 30), "SecretGet", 200, ALICE, OFFICE_IPS[0]!, "secrets/db-password"), shape)).toEqual([]);
  });

  it("stays quiet for a colleague on call, whose hours cover the whole week", () => {
    expect(analyze(withOnCallColleague().request(at(3, 12), "SecretGet", 200, BOB, OFFICE_IPS[1]!, "secrets/db-password"), shape)).toEqual([]);
  });

  it("leaves services alone: a CMK unwrapping at night is no person", () => {
    expect(analyze(normalEstate().repeat(5, at(3, 30), "KeyUnwrap", 200, CMK_SERVICE, SERVICE_IP, "keys/cmk"), shape)).toEqual([]);
  });

  it("judges an identity without a UPN when the policy marks it as a person", () => {
    const traffic = normalEstate();
    for (const day of [1, 2, 3, 4, 7, 8]) traffic.request(WINDOW_START - day * 24 * HOUR + 10 * HOUR, "SecretGet", 200, BREAK_GLASS, OFFICE_IPS[0]!, "secrets/db-password");
    traffic.request(at(2), "SecretGet", 200, BREAK_GLASS, OFFICE_IPS[0]!, "secrets/db-password");
    expect(analyze(traffic, shape)).toEqual([]);
    expect(analyze(traffic, shape, [{ oid: BREAK_GLASS.oid }]).map((anomaly) => anomaly.kind)).toEqual(["off-hours"]);
  });
});
