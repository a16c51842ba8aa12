import { describe, expect, it } from "vitest";
import { Ledger, LedgerIntegrityError, LedgerSeal, MemoryTables, type ActionRecord } from "../../../shared/store/index.ts";

const KEY = Buffer.alloc(32, 7);
const OTHER = Buffer.alloc(32, 9);
const DOC = "/subscriptions/1b2c3d4e-0000-4000-8000-00000000abcd/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1";

function action(overrides: Partial<ActionRecord> = {}): ActionRecord {
  return {
    id: "6d9c0b1e-0000-4000-8000-000000000001",
    kind: "remediation",
    status: "applied",
    resourceId: DOC,
    controlId: "storage.min-tls",
    actor: "encryption-guard",
    correlationId: "c1",
    startedAt: "2026-03-01T10:00:00.000Z",
    fix: {
      resourceId: DOC,
      resourceType: "Microsoft.Storage/storageAccounts",
      controlId: "storage.min-tls",
      safety: "safe",
      changes: [{ path: "properties.minimumTlsVersion", before: "TLS1_0", after: "TLS1_2" }],
      summary: "set TLS1_2",
    },
    finding: {
      resourceId: DOC,
      resourceType: "Microsoft.Storage/storageAccounts",
      controlId: "storage.min-tls",
      title: "TLS",
      status: "noncompliant",
      severity: "high",
      stage: "in-transit",
      classification: "general",
      evidence: { path: "properties.minimumTlsVersion", actual: "TLS1_0", expected: "TLS1_2" },
      decision: "remediate",
    },
    ...overrides,
  };
}

describe("LedgerSeal", () => {
  const seal = new LedgerSeal([KEY]);
  const fields = { kind: "remediation", fixes: 3, confirmed: true };

  it("accepts what it sealed, whatever order the fields come back in", () => {
    const sealed = seal.seal("actions", "p", "r", fields);
    expect(seal.check("actions", "p", "r", { confirmed: true, ...sealed, kind: "remediation" })).toEqual({ ok: true });
    expect(seal.verified("actions", "p", "r", sealed)).toEqual(fields);
  });

  it("refuses a changed value, an added field, a row moved to another key or table, and a row without a seal", () => {
    const sealed = seal.seal("actions", "p", "r", fields);
    expect(seal.check("actions", "p", "r", { ...sealed, fixes: 4 })).toEqual({ ok: false, reason: expect.stringContaining("does not match its seal") });
    expect(seal.check("actions", "p", "r", { ...sealed, extra: "x" }).ok).toBe(false);
    expect(seal.check("actions", "other", "r", sealed).ok).toBe(false);
    expect(seal.check("fixes", "p", "r", sealed).ok).toBe(false);
    expect(seal.check("actions", "p", "r", fields)).toEqual({ ok: false, reason: expect.stringContaining("carries no seal") });
    expect(seal.check("actions", "p", "r", { ...fields, seal: "v1:abc" })).toEqual({ ok: false, reason: "its seal is malformed" });
  });

  it("verifies rows of a previous key after a rotation, and refuses rows of a key it does not hold", () => {
    const old = new LedgerSeal([OTHER]).seal("actions", "p", "r", fields);
    expect(new LedgerSeal([KEY, OTHER]).check("actions", "p", "r", old)).toEqual({ ok: true });
    expect(new LedgerSeal([KEY]).check("actions", "p", "r", old)).toEqual({ ok: false, reason: expect.stringContaining("not among GUARD_LEDGER_KEYS") });
    expect(() => new LedgerSeal([Buffer.alloc(16)])).toThrow("at least 32 bytes");
  });
});

describe("the ledger refuses rows that fail their integrity check", () => {
  it("reads back its own actions, and refuses one forged in the table or changed since", async () => {
    const tables = new MemoryTables();
    const ledger = new Ledger(tables, { seal: new LedgerSeal([KEY]) });
    await ledger.recordAction(action());
    expect((await ledger.actions.get(action().id))?.action).toEqual(action());

    const rows = tables.open("actions");
    const row = (await rows.get(action().id, "action"))!;
    const widened = JSON.stringify({ ...action().fix, changes: [{ path: "properties.networkAcls.defaultAction", before: "Allow", after: "Deny" }] });
    await rows.write(action().id, [{ row: "action", fields: { ...row.fields, fix: widened } }]);
    await expect(ledger.actions.get(action().id)).rejects.toBeInstanceOf(LedgerIntegrityError);
    await expect(ledger.actions.list()).rejects.toThrow("fails its integrity check");

    const forged = action({ id: "6d9c0b1e-0000-4000-8000-000000000002" });
    await new Ledger(tables, { seal: new LedgerSeal([OTHER]) }).recordAction(forged);
    await expect(ledger.actions.get(forged.id)).rejects.toThrow(/sealed with key [0-9a-f]+, which is not among GUARD_LEDGER_KEYS/);
  });

  it("ignores a forged exception mark, and replaces it on the next update", async () => {
    const tables = new MemoryTables();
    const ledger = new Ledger(tables, { seal: new LedgerSeal([KEY]) });
    await new Ledger(tables, { seal: new LedgerSeal([OTHER]) }).fixes.updateControl(DOC, "storage.min-tls", () => ({
      resourceId: DOC,
      controlId: "storage.min-tls",
      fixes: 0,
      exception: { kind: "rollback", reason: "forged", since: "2026-03-01T10:00:00Z" },
    }));
    const state = await ledger.fixes.ofTarget(DOC);
    expect(state.controls).toEqual([]);
    expect(state.refused).toEqual([{ row: expect.stringContaining("storage.min-tls"), reason: expect.stringContaining("not among GUARD_LEDGER_KEYS") }]);
    await ledger.fixes.updateControl(DOC, "storage.min-tls", (current) => ({ resourceId: DOC, controlId: "storage.min-tls", fixes: (current?.fixes ?? 0) + 1 }));
    expect((await ledger.fixes.ofTarget(DOC)).controls).toEqual([expect.objectContaining({ fixes: 1 })]);
  });

  it("clears an exception mark, keeping who cleared it and why", async () => {
    const ledger = new Ledger(new MemoryTables(), { seal: new LedgerSeal([KEY]) });
    const mark = { kind: "rollback" as const, reason: "rolled back", since: "2026-03-01T10:00:00Z", expires: "2026-03-31T10:00:00Z", by: "user:bob" };
    await ledger.fixes.updateControl(DOC, "storage.min-tls", () => ({ resourceId: DOC, controlId: "storage.min-tls", fixes: 2, exception: mark }));
    const cleared = await ledger.fixes.clearException(DOC, "storage.min-tls", { by: "user:alice", at: "2026-03-02T10:00:00Z", reason: "the app moved to TLS 1.2" });
    expect(cleared).toEqual(mark);
    expect((await ledger.fixes.ofTarget(DOC)).controls).toEqual([
      expect.objectContaining({ fixes: 0, cleared: { mark, by: "user:alice", at: "2026-03-02T10:00:00Z", reason: "the app moved to TLS 1.2" } }),
    ]);
    expect((await ledger.fixes.ofTarget(DOC)).controls[0]?.exception).toBeUndefined();
    expect(await ledger.fixes.clearException(DOC, "storage.min-tls", { by: "user:alice", at: "2026-03-02T10:00:00Z", reason: "again" })).toBeUndefined();
  });
});
