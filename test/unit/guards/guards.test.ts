import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../../shared/config/policy.ts";
import { afterFix, BlastRadiusBreaker, BLAST_RADIUS_ALERT, DRIFT_WINDOW_MS, driftException, isOwnWrite, SHARE_CAP_FLOOR, sweepShareVerdict, withException } from "../../../shared/guards/index.ts";
import { Ledger } from "../../../shared/store/index.ts";

const RESOURCE = "/subscriptions/1b2c3d4e-0000-4000-8000-00000000abcd/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1";
const at = (iso: string) => new Date(iso);

describe("isOwnWrite", () => {
  const identity = { appId: "5A0C3F7E-1111-4C2D-9E8F-0000000000A1", objectId: "5a0c3f7e-2222-4c2d-9e8f-0000000000b2" };
  it("recognises the service by app id or object id, in any casing", () => {
    expect(isOwnWrite({ callerAppId: "5a0c3f7e-1111-4c2d-9e8f-0000000000a1" }, identity)).toBe(true);
    expect(isOwnWrite({ callerObjectId: "5A0C3F7E-2222-4C2D-9E8F-0000000000B2" }, identity)).toBe(true);
  });
  it("treats anyone else, an unknown caller, or an unconfigured identity as someone else", () => {
    expect(isOwnWrite({ callerAppId: "04b07795-8ddb-461a-bbee-02f9e1bf7b46" }, identity)).toBe(false);
    expect(isOwnWrite({}, identity)).toBe(false);
    expect(isOwnWrite({ callerAppId: identity.appId }, undefined)).toBe(false);
    expect(isOwnWrite({ callerAppId: identity.appId }, {})).toBe(false);
  });
});

describe("drift exception", () => {
  const limits = { maxAttemptsPerResourceControl: 3 };
  const state = (fixes: number, countingSince: string) => ({ resourceId: RESOURCE, controlId: "storage.min-tls", fixes, countingSince, version: "1" });

  it("allows fixes below the limit and marks the exception at it", () => {
    const now = at("2026-03-01T12:00:00Z");
    expect(driftException(undefined, limits, now)).toBeUndefined();
    expect(driftException(state(2, "2026-03-01T10:00:00Z"), limits, now)).toBeUndefined();
    expect(driftException(state(3, "2026-03-01T10:00:00Z"), limits, now)).toMatchObject({ kind: "drift", since: now.toISOString(), reason: expect.stringContaining("fixed 3 times") });
  });

  it("forgets fixes older than the drift window", () => {
    const now = new Date(Date.parse("2026-03-01T10:00:00Z") + DRIFT_WINDOW_MS + 1);
    expect(driftException(state(5, "2026-03-01T10:00:00Z"), limits, now)).toBeUndefined();
    expect(afterFix(state(5, "2026-03-01T10:00:00Z"), RESOURCE, "storage.min-tls", now)).toMatchObject({ fixes: 1, countingSince: now.toISOString() });
  });

  it("counts a fix within the window and keeps an exception mark", () => {
    const mark = { kind: "rollback" as const, reason: "rolled back", since: "2026-03-01T11:00:00Z" };
    const marked = { ...withException(state(1, "2026-03-01T10:00:00Z"), RESOURCE, "storage.min-tls", mark), version: "2" };
    expect(afterFix(marked, RESOURCE, "storage.min-tls", at("2026-03-01T12:00:00Z"))).toMatchObject({ fixes: 2, countingSince: "2026-03-01T10:00:00Z", exception: mark });
  });
});

describe("sweep share cap", () => {
  const limits = { maxSweepFixShare: 0.25 };
  it("lets a sweep fix up to the share, and any handful below the floor", () => {
    expect(sweepShareVerdict(100, 25, limits)).toEqual({ ok: true });
    expect(sweepShareVerdict(12, SHARE_CAP_FLOOR, limits)).toEqual({ ok: true });
    expect(sweepShareVerdict(0, 0, limits)).toEqual({ ok: true });
  });
  it("stops past the share and says how far past", () => {
    const verdict = sweepShareVerdict(100, 26, limits);
    expect(verdict).toMatchObject({ ok: false, share: 0.26 });
    expect(!verdict.ok && verdict.reason).toContain("would fix 26 of 100 resources (26%), more than limits.maxSweepFixShare (25%)");
  });
});

describe("blast-radius breaker", () => {
  const limits = { ...DEFAULT_POLICY.limits, maxFixesPerWindow: 5, maxFixesPerSubscriptionPerWindow: 3, windowMinutes: 60 };
  const SUB_A = "1b2c3d4e-0000-4000-8000-00000000000a";
  const SUB_B = "1b2c3d4e-0000-4000-8000-00000000000b";

  it("counts fixes per subscription and across the estate, refuses past either cap, and alerts once per window and scope", async () => {
    const breaker = new BlastRadiusBreaker(Ledger.inMemory().counters, limits);
    const now = at("2026-03-01T12:10:00Z");
    expect(await breaker.reserve(SUB_A, 2, "in-transit", now)).toEqual({ ok: true });
    expect(await breaker.reserve(SUB_A, 1, "in-transit", now)).toEqual({ ok: true });
    const refused = await breaker.reserve(SUB_A, 1, "in-transit", now);
    expect(refused).toMatchObject({ ok: false, alert: { controlId: BLAST_RADIUS_ALERT, resourceId: `/subscriptions/${SUB_A}`, stage: "in-transit" } });
    expect(await breaker.reserve(SUB_A, 1, "in-transit", now)).not.toHaveProperty("alert");
    expect(await breaker.reserve(SUB_B, 2, "at-rest", now)).toEqual({ ok: true });
    // 5 across the estate now: the estate cap refuses, and raises its own alert.
    const estate = await breaker.reserve(SUB_B, 1, "at-rest", now);
    expect(estate).toMatchObject({ ok: false, reason: expect.stringContaining("across the estate"), alert: { resourceId: "/" } });
  });

  it("closes again in the next window", async () => {
    const breaker = new BlastRadiusBreaker(Ledger.inMemory().counters, limits);
    expect(await breaker.reserve(SUB_A, 3, "at-rest", at("2026-03-01T12:59:00Z"))).toEqual({ ok: true });
    expect(await breaker.reserve(SUB_A, 1, "at-rest", at("2026-03-01T12:59:30Z"))).toMatchObject({ ok: false });
    expect(await breaker.reserve(SUB_A, 1, "at-rest", at("2026-03-01T13:00:00Z"))).toEqual({ ok: true });
  });
});
