import { describe, expect, it } from "vitest";
import { aggregateOperations, type AdministrativeRecord } from "../../../shared/anomalies/index.ts";
import { BaselineStore, decodeProfile, encodeProfile, profilesFromAggregates, type BaselineState } from "../../../shared/anomalies/baselines/index.ts";
import { MemoryTables } from "../../../shared/store/memoryRows.ts";
import { ALICE, BASELINE_START, CMK_SERVICE, DAY, HOUR, OFFICE_IPS, WINDOW_START, normalEstate } from "./traffic.ts";

const aggregates = normalEstate()
  .request(WINDOW_START - 3 * DAY + 10 * HOUR, "KeyBackup", 200, ALICE, OFFICE_IPS[0]!, "keys/cmk")
  .aggregates();
const profiles = () => profilesFromAggregates(aggregates, BASELINE_START, WINDOW_START);
const encodedProfile = (key: string) => JSON.parse(encodeProfile(profiles().get(key)!));
const CMK_KEY = `${aggregates[0]!.vault}\u0000${CMK_SERVICE.oid}`;

describe("baseline profiles", () => {
  it("keep a caller's hours exactly: a fortnight of hourly unwraps is one run of 336 active hours", () => {
    const profile = profiles().get(CMK_KEY)!;
    expect(profile.active.size).toBe(14 * 24);
    expect(profile.firstSeen).toBe(BASELINE_START);
    expect(JSON.parse(encodeProfile(profile)).active).toEqual([BASELINE_START / HOUR, 336]);
  });

  it("read back what they wrote, for every caller", () => {
    for (const profile of profiles().values()) expect(encodeProfile(decodeProfile(encodeProfile(profile)))).toBe(encodeProfile(profile));
  });

  it("set an hour from its aggregates whatever was there, and drop hours that left the baseline", () => {
    const profile = profiles().get(CMK_KEY)!;
    const before = encodeProfile(profile);
    const hour = WINDOW_START - 5 * HOUR;
    const thatHour = aggregates.filter((aggregate) => aggregate.hour === hour && aggregate.callerOid === CMK_SERVICE.oid);
    profile.setHour(hour, thatHour);
    profile.setHour(hour, thatHour);
    expect(encodeProfile(profile)).toBe(before);
    profile.prune(BASELINE_START + DAY);
    expect(profile.active.size).toBe(13 * 24);
    expect(profile.series("crypto", BASELINE_START, BASELINE_START + DAY)).toEqual(new Array(24).fill(0));
  });

  it.each([
    ["text that is not JSON", () => "{", /not JSON/],
    ["another format", () => ({ ...encodedProfile(CMK_KEY), f: 2 }), /format 2 is not 1/],
    ["hours out of any plausible range", () => ({ ...encodedProfile(CMK_KEY), active: [0, 5] }), /active: hours out of range/],
    ["a run that is not two whole numbers", () => ({ ...encodedProfile(CMK_KEY), listed: [1.5, 2] }), /listed: a run is not two whole numbers/],
    ["a negative count", () => ({ ...encodedProfile(CMK_KEY), counts: { crypto: { h: [BASELINE_START / HOUR, 1], v: [-3] } } }), /counts.crypto.v: expected a count per hour/],
    ["a series it does not know", () => ({ ...encodedProfile(CMK_KEY), counts: { "<script>": { h: [], v: [] } } }), /unknown series "<script>"/],
    [
      "more addresses than a profile keeps",
      () => ({ ...encodedProfile(CMK_KEY), addresses: Object.fromEntries(Array.from({ length: 513 }, (_, n) => [`10.0.${n >> 8}.${n & 255}`, [BASELINE_START / HOUR, 1]])) }),
      /addresses: more than 512 entries/,
    ],
  ])("refuse a stored profile with %s", (_what, build, message) => {
    const value = build();
    expect(() => decodeProfile(typeof value === "string" ? value : JSON.stringify(value))).toThrow(message);
  });
});

describe("the baseline store (memory tables, as the Table service behaves)", () => {
  const deletion: AdministrativeRecord = {
    time: WINDOW_START + HOUR,
    correlationId: "c-1",
    target: `${aggregates[0]!.vault}/providers/microsoft.insights/diagnosticsettings/audit`,
    vault: aggregates[0]!.vault,
    operation: "microsoft.insights/diagnosticsettings/delete",
    status: "success",
    callerOid: ALICE.oid,
    callerAppId: ALICE.appid,
    callerUpn: ALICE.upn!,
    clientIp: OFFICE_IPS[0]!,
    requestBody: "",
  };
  const state = (): BaselineState => ({
    config: "test",
    readThrough: WINDOW_START + 2 * HOUR,
    builtAt: WINDOW_START,
    gaps: [{ from: WINDOW_START - 3 * DAY, to: WINDOW_START - 3 * DAY + HOUR - 1 }],
    profiles: profiles(),
    window: aggregates.filter((aggregate) => aggregate.hour >= WINDOW_START),
    operations: aggregateOperations([deletion]),
  });
  const PARTITION = BaselineStore.partitionOf(["63613592-b6f7-4c3d-a390-22ba13102111"]);

  it("saves a state and loads it back; saving it again unchanged writes only the state row", async () => {
    const store = new BaselineStore(new MemoryTables());
    const saved = state();
    const first = await store.save(PARTITION, saved, await store.load(PARTITION));
    const loaded = await store.load(PARTITION);
    expect(loaded.state).toBeDefined();
    expect({ ...loaded.state!, profiles: [...loaded.state!.profiles.values()].map(encodeProfile).sort() }).toEqual({ ...saved, profiles: [...saved.profiles.values()].map(encodeProfile).sort() });
    expect(await store.save(PARTITION, saved, loaded)).toEqual({ written: 1, removed: 0 });
    expect(first.written).toBeGreaterThan(saved.profiles.size);
  });

  it("removes the rows of profiles and hours a state no longer has", async () => {
    const store = new BaselineStore(new MemoryTables());
    await store.save(PARTITION, state(), await store.load(PARTITION));
    const smaller = state();
    smaller.profiles = new Map([...smaller.profiles].slice(0, 1));
    smaller.window = smaller.window.filter((aggregate) => aggregate.hour === WINDOW_START);
    const stats = await store.save(PARTITION, smaller, await store.load(PARTITION));
    expect(stats.removed).toBeGreaterThan(0);
    const loaded = await store.load(PARTITION);
    expect(loaded.state?.profiles.size).toBe(1);
    expect(new Set(loaded.state?.window.map((aggregate) => aggregate.hour))).toEqual(new Set([WINDOW_START]));
  });

  it("reports a tampered row as a reason to rebuild instead of trusting it", async () => {
    const tables = new MemoryTables();
    const store = new BaselineStore(tables);
    await store.save(PARTITION, state(), await store.load(PARTITION));
    const table = tables.open("keyAccessBaselines");
    const [profileRow] = (await table.query({ partition: PARTITION })).rows.filter((row) => row.row.startsWith("profile~"));
    await table.merge(PARTITION, profileRow!.row, { p0: '{"f":1,"vault":"x","caller":"y","anonymous":"no"}' });
    const loaded = await store.load(PARTITION);
    expect(loaded.state).toBeUndefined();
    expect(loaded).toMatchObject({ problem: "stored key access profile: anonymous: expected true or false" });
  });
});
