import type { EventGridEvent } from "@azure/functions";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../../cli/main.ts";
import { resourceChangedHandler } from "../../../functions/resourceChanged.ts";
import { valueAt } from "../../../shared/controls/index.ts";
import { queryAll, type ActionRecord } from "../../../shared/store/index.ts";
import type { RollbackOutcome } from "../../../shared/workflow/index.ts";
import { context, LEDGER_KEYS_SETTING, startGuardStack, USER, writesTo, type GuardStack } from "../../setup/stack.ts";
import { reliabilityEstate, storageId, SUBSCRIPTION } from "./estate.ts";

describe("rollback through the CLI", () => {
  let stack: GuardStack;
  const tls = (i: number) => valueAt(stack.emulator.store.get(storageId(i)), "properties.minimumTlsVersion");

  async function fix(i: number): Promise<ActionRecord> {
    stack.emulator.write(storageId(i), { tags: { owner: "team-a" } }, USER);
    await resourceChangedHandler(stack.factory)(stack.emulator.events.at(-1) as unknown as EventGridEvent, context());
    await stack.drain();
    const rows = await queryAll(stack.runtime.ledger.tables.open("actions"), {});
    const actions = await Promise.all(rows.map(async (r) => (await stack.runtime.ledger.actions.get(r.partition))!.action));
    return actions.find((a) => a.kind === "remediation" && a.status === "applied" && a.resourceId.toLowerCase() === storageId(i).toLowerCase())!;
  }

  async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((out += String(chunk)), true));
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((err += String(chunk)), true));
    vi.stubEnv("GUARD_TABLE_PREFIX", stack.tablePrefix);
    vi.stubEnv("GUARD_LEDGER_KEYS", LEDGER_KEYS_SETTING);
    process.exitCode = undefined;
    try {
      const code = await main(["rollback", ...args, "--endpoint", stack.emulator.endpoint, "--ca", stack.emulator.caFile, "--credential", "emulator", "--storage", stack.connectionString]);
      return { code, out, err };
    } finally {
      process.exitCode = undefined;
      stdout.mockRestore();
      stderr.mockRestore();
      vi.unstubAllEnvs();
    }
  }

  beforeAll(async () => {
    stack = await startGuardStack({ emulator: { estate: reliabilityEstate(3), subscriptions: [SUBSCRIPTION] } });
  });
  afterAll(() => stack.stop());

  /** Plans the rollback, then applies it with the digest the plan printed. */
  async function rollBack(id: string, reason = "the payments client only speaks TLS 1.0 until its upgrade") {
    const plan = await cli(id, "--format", "json");
    if (plan.code !== 0) return plan;
    const { review } = JSON.parse(plan.out) as RollbackOutcome;
    return cli(id, "--apply", "--reason", reason, "--digest", review.digest, "--format", "json");
  }

  it("plans by default, then restores the before-state of a fix as its own action in the operator's name, and automatic fixing then leaves it alone", async () => {
    const original = await fix(0);
    expect(tls(0)).toBe("TLS1_2");
    const plan = await cli(original.id, "--format", "json");
    expect(plan).toMatchObject({ code: 0, err: "" });
    expect(JSON.parse(plan.out)).toMatchObject({ action: { status: "planned" }, review: { digest: expect.stringMatching(/^[0-9a-f]{64}$/), etag: expect.any(String) } });
    expect(tls(0)).toBe("TLS1_2");
    expect(await cli(original.id, "--apply", "--digest", (JSON.parse(plan.out) as RollbackOutcome).review.digest)).toMatchObject({ code: 2, err: expect.stringContaining("--reason") });
    expect(await cli(original.id, "--apply", "--reason", "r")).toMatchObject({ code: 2, err: expect.stringContaining("--digest") });
    expect(await cli(original.id, "--apply", "--reason", "r", "--digest", "0".repeat(64))).toMatchObject({ code: 1, err: expect.stringContaining("changed since it was reviewed") });
    expect(tls(0)).toBe("TLS1_2");

    const { code, out, err } = await rollBack(original.id);
    expect(err).toBe("");
    expect(code).toBe(0);
    const { action: undo, exception } = JSON.parse(out) as RollbackOutcome;
    expect(undo).toMatchObject({
      kind: "rollback",
      status: "applied",
      rollbackOf: original.id,
      resourceId: original.resourceId,
      actor: expect.stringMatching(/^cli:app:/),
      after: { "properties.minimumTlsVersion": "TLS1_0" },
    });
    expect(exception).toMatchObject({ kind: "rollback", expires: expect.any(String) });
    expect(tls(0)).toBe("TLS1_0");
    expect((await stack.runtime.ledger.actions.get(original.id))?.action.rolledBackBy).toBe(undo.id);

    // The rollback's own event, and a later change by a person, do not bring the fix back.
    stack.emulator.clearRequests();
    stack.emulator.write(storageId(0), { tags: { owner: "team-b" } }, USER);
    await resourceChangedHandler(stack.factory)(stack.emulator.events.at(-1) as unknown as EventGridEvent, context());
    await stack.drain();
    expect(writesTo(stack.emulator, storageId(0))).toBe(0);
    const finding = (await stack.runtime.ledger.findings.ofResource(storageId(0))).find((f) => f.controlId === "storage.min-tls");
    expect(finding?.exception?.kind).toBe("rollback");
  });

  it("refuses a second rollback, an unknown id and a malformed id with exit code 2", async () => {
    const original = await fix(1);
    expect((await rollBack(original.id)).code).toBe(0);
    const again = await cli(original.id);
    expect(again).toMatchObject({ code: 2 });
    expect(again.err).toContain("rolled it back already");
    expect((await cli("6d9c0b1e-0000-4000-8000-000000000000")).err).toContain("no action");
    expect((await cli("not-an-id")).code).toBe(2);
  });

  it("refuses with exit code 1 when someone changed the property since the fix", async () => {
    const original = await fix(2);
    stack.emulator.write(storageId(2), { properties: { minimumTlsVersion: "TLS1_3" } }, USER);
    const { code, err } = await rollBack(original.id);
    expect(code).toBe(1);
    expect(err).toContain('properties.minimumTlsVersion is now "TLS1_3"');
    expect(tls(2)).toBe("TLS1_3");
  });
});
