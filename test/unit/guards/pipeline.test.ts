import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../../shared/config/policy.ts";
import { controlById } from "../../../shared/controls/index.ts";
import { silentLogger } from "../../../shared/core/index.ts";
import {
  blastRadius,
  exceptionMarks,
  FIX_GUARDS,
  GraphPlannedFixError,
  nothingToWrite,
  planOnly,
  runFixGuards,
  writeFixes,
  writeLease,
  type FixGuard,
  type FixPass,
  type FixToApply,
} from "../../../shared/guards/index.ts";
import { Ledger, type ActionRecord } from "../../../shared/store/index.ts";

const SUBSCRIPTION = "1b2c3d4e-0000-4000-8000-00000000abcd";
const DOC = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1`;
const NOW = new Date("2026-12-01T12:00:00Z");
const control = controlById("storage.min-tls")!;

function fixOf(before: unknown, after: unknown, controlId = control.id): FixToApply {
  const of = controlById(controlId)!;
  return {
    control: of,
    context: { classification: "general", params: {}, now: new Date("2026-01-01T00:00:00Z") },
    fix: { resourceId: DOC, resourceType: "Microsoft.Storage/storageAccounts", controlId, safety: "safe", summary: "set", changes: [{ path: "properties.minimumTlsVersion", before, after }] },
    finding: {
      resourceId: DOC,
      resourceType: "Microsoft.Storage/storageAccounts",
      controlId,
      title: of.title,
      status: "noncompliant",
      severity: of.severity,
      stage: of.stage,
      classification: "general",
      evidence: { path: "properties.minimumTlsVersion", actual: before, expected: "TLS1_2" },
      decision: "remediate",
    },
  };
}

/** A pass over an in-memory ledger whose writes only record what they would have written. */
async function passWith(overrides: Partial<FixPass> = {}, ledger = Ledger.inMemory()) {
  const written: FixToApply[][] = [];
  const tickets: string[] = [];
  const fresh = { plan: [fixOf("TLS1_0", "TLS1_2")] };
  const pass: FixPass = {
    docId: DOC,
    subscriptionId: SUBSCRIPTION,
    ledger,
    limits: DEFAULT_POLICY.limits,
    logger: silentLogger,
    state: await ledger.fixes.ofTarget(DOC),
    busy: false,
    holder: "message-1",
    now: NOW,
    dryRun: false,
    manual: false,
    planOnly: false,
    fixes: [fixOf("TLS1_0", "TLS1_2")],
    recorder: ledger,
    result: { actions: [], due: [], exceptions: new Map() },
    ticket: (f, extra) => tickets.push(`${f.control.id}: ${extra.reason}`),
    recheck: async () => fresh.plan,
    apply: async (fixes) => {
      written.push([...fixes]);
      return fixes.map(
        (f) =>
          ({
            id: `a-${f.control.id}`,
            kind: "remediation",
            status: "applied",
            resourceId: DOC,
            controlId: f.control.id,
            actor: "t",
            correlationId: "c",
            startedAt: NOW.toISOString(),
            finding: f.finding,
          }) satisfies ActionRecord,
      );
    },
    ...overrides,
  };
  return { pass, written, tickets, fresh, ledger };
}

const run = (guards: readonly FixGuard[], pass: FixPass) => runFixGuards(guards, pass, writeFixes);

describe("a fix planned on a Resource Graph document", () => {
  const fromGraph = (): FixToApply => ({ ...fixOf("TLS1_0", "TLS1_2"), plannedOn: "resource-graph" });

  it("goes on only as planned again on the write lease's ARM read", async () => {
    const { pass, written, fresh } = await passWith({ fixes: [fromGraph()] });
    fresh.plan = [{ ...fixOf("TLS1_0", "TLS1_2"), plannedOn: "arm" }];
    await run(FIX_GUARDS, pass);
    expect(written).toEqual([[expect.objectContaining({ plannedOn: "arm" })]]);
  });

  it("is never written, nor planned in a dry run, without that read", async () => {
    for (const overrides of [{ dryRun: true }, {}]) {
      const { pass, written } = await passWith({ fixes: [fromGraph()], ...overrides });
      await expect(run([nothingToWrite], pass)).rejects.toThrow(GraphPlannedFixError);
      await expect(writeFixes(pass)).rejects.toThrow("fixes are only written after an ARM read");
      expect(written).toEqual([]);
    }
  });

  it("the ARM read finds it fixed already: nothing is written", async () => {
    const { pass, written, fresh } = await passWith({ fixes: [fromGraph()] });
    fresh.plan = [];
    await run(FIX_GUARDS, pass);
    expect(written).toEqual([]);
  });
});

describe("the fix guards, each on its own", () => {
  it("exceptionMarks: a marked resource and control becomes a ticket; an applied fix counts toward the drift limit", async () => {
    const ledger = Ledger.inMemory();
    const mark = { kind: "rollback" as const, reason: "a person rolled it back", since: "2026-11-30T00:00:00Z" };
    await ledger.fixes.updateControl(DOC, control.id, () => ({ resourceId: DOC, controlId: control.id, fixes: 0, exception: mark }));
    const marked = await passWith({}, ledger);
    await run([exceptionMarks], marked.pass);
    expect([marked.written, marked.tickets, marked.pass.result.exceptions.get(control.id)]).toEqual([[], [`${control.id}: remediation exception: a person rolled it back`], mark]);

    const clean = await passWith();
    await run([exceptionMarks], clean.pass);
    expect(clean.written).toHaveLength(1);
    expect((await clean.ledger.fixes.ofTarget(DOC)).controls).toEqual([expect.objectContaining({ controlId: control.id, fixes: 1, countingSince: NOW.toISOString() })]);
  });

  it("exceptionMarks: a rollback's mark holds fixes back until it expires; after that the fix runs and the mark goes", async () => {
    const ledger = Ledger.inMemory();
    const mark = { kind: "rollback" as const, reason: "rolled back", since: "2026-11-01T00:00:00Z", expires: "2026-12-01T11:59:59Z", by: "user:bob" };
    await ledger.fixes.updateControl(DOC, control.id, () => ({ resourceId: DOC, controlId: control.id, fixes: 0, exception: mark }));
    const before = await passWith({ now: new Date("2026-12-01T11:00:00Z") }, ledger);
    await run([exceptionMarks], before.pass);
    expect([before.written, before.tickets]).toEqual([[], [`${control.id}: remediation exception: rolled back`]]);

    const after = await passWith({}, ledger);
    await run([exceptionMarks], after.pass);
    expect(after.written).toHaveLength(1);
    expect((await ledger.fixes.ofTarget(DOC)).controls[0]?.exception).toBeUndefined();
  });

  it("exceptionMarks: a person's request is not held back by a mark", async () => {
    const ledger = Ledger.inMemory();
    await ledger.fixes.updateControl(DOC, control.id, () => ({ resourceId: DOC, controlId: control.id, fixes: 0, exception: { kind: "rollback", reason: "r", since: "s" } }));
    const { pass, written } = await passWith({ manual: true }, ledger);
    await run([exceptionMarks], pass);
    expect(written).toHaveLength(1);
  });

  it("planOnly: notes the fixes that would write as due and applies none", async () => {
    const { pass, written } = await passWith({ planOnly: true, fixes: [fixOf("TLS1_0", "TLS1_2"), fixOf(true, true, "storage.https-only")] });
    await run([planOnly], pass);
    expect([written, pass.result.due]).toEqual([[], [control.id]]);
  });

  it("nothingToWrite: a dry run or a fix already in place goes to the write step without the guards after it", async () => {
    const never: FixGuard = { name: "never", run: async () => expect.unreachable("a later guard ran") };
    for (const overrides of [{ dryRun: true }, { fixes: [fixOf("TLS1_2", "TLS1_2")] }]) {
      const { pass, written } = await passWith(overrides);
      await run([nothingToWrite, never], pass);
      expect(written).toHaveLength(1);
    }
  });

  it("writeLease: leaves a document another run is writing to it, its fixes due", async () => {
    const ledger = Ledger.inMemory();
    await ledger.fixes.takeLease(DOC, "someone-else", NOW);
    const { pass, written } = await passWith({}, ledger);
    await run([writeLease], pass);
    expect([written, pass.result.due]).toEqual([[], [control.id]]);
  });

  it("writeLease: writes the fresh plan read under the lease, and nothing when another run fixed it meanwhile; the lease is released after either", async () => {
    const replanned = await passWith();
    replanned.fresh.plan = [fixOf("TLS1_1", "TLS1_2")];
    await run([writeLease], replanned.pass);
    expect(replanned.written.map((fixes) => fixes.map((f) => f.fix.changes[0]!.before))).toEqual([["TLS1_1"]]);
    expect((await replanned.ledger.fixes.ofTarget(DOC)).leases).toEqual([]);

    const fixedMeanwhile = await passWith();
    fixedMeanwhile.fresh.plan = [fixOf("TLS1_2", "TLS1_2")];
    await run([writeLease], fixedMeanwhile.pass);
    expect(fixedMeanwhile.written).toEqual([]);
    expect((await fixedMeanwhile.ledger.fixes.ofTarget(DOC)).leases).toEqual([]);
  });

  it("writeLease: keeps the lease when the run fails on the way, for the next delivery to settle", async () => {
    const { pass, ledger } = await passWith({ apply: async () => Promise.reject(new Error("killed after the write")) });
    await expect(run([writeLease], pass)).rejects.toThrow("killed after the write");
    expect((await ledger.fixes.ofTarget(DOC)).leases).toEqual([expect.objectContaining({ holder: "message-1" })]);
  });

  it("blastRadius: past the window's limit the fixes become tickets and one alert is raised", async () => {
    const ledger = Ledger.inMemory();
    const limits = { ...DEFAULT_POLICY.limits, maxFixesPerWindow: 1 };
    const first = await passWith({ limits }, ledger);
    await run([blastRadius], first.pass);
    const second = await passWith({ limits }, ledger);
    await run([blastRadius], second.pass);
    const third = await passWith({ limits }, ledger);
    await run([blastRadius], third.pass);
    expect([first.written.length, second.written.length, third.written.length]).toEqual([1, 0, 0]);
    expect(second.tickets).toEqual([expect.stringMatching(/^storage\.min-tls: blast-radius breaker open/)]);
    expect([second.pass.result.alert?.controlId, third.pass.result.alert]).toEqual(["guard.blast-radius", undefined]);
  });
});

describe("FIX_GUARDS", () => {
  it("runs in the declared order", () => {
    expect(FIX_GUARDS.map((g) => g.name)).toEqual(["exceptionMarks", "planOnly", "nothingToWrite", "writeLease", "blastRadius"]);
  });

  it("lets a clean fix through to one write and counts it", async () => {
    const { pass, written, ledger } = await passWith();
    await run(FIX_GUARDS, pass);
    expect(written).toHaveLength(1);
    expect(pass.result.actions.map((a) => a.status)).toEqual(["applied"]);
    expect((await ledger.fixes.ofTarget(DOC)).controls[0]?.fixes).toBe(1);
  });
});
