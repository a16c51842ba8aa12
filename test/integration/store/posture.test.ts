import { randomBytes } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import type { Finding } from "../../../shared/controls/types.ts";
import { AzureTables, Ledger } from "../../../shared/store/index.ts";

const SUB = "1b2c3d4e-0000-4000-8000-00000000abcd";
const id = (name: string) => `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/${name}`;
const finding = (name: string, status: Finding["status"], controlId = "storage.min-tls"): Finding => ({
  resourceId: id(name),
  resourceType: "Microsoft.Storage/storageAccounts",
  controlId,
  title: "t",
  status,
  severity: "high",
  stage: "in-transit",
  classification: "general",
  evidence: { path: "p", actual: 1, expected: "2" },
  decision: status === "noncompliant" ? "remediate" : "none",
});
const day = (d: string, time = "08:00:00") => new Date(`${d}T${time}Z`);

describe("the ledger's daily posture (Azurite)", () => {
  const ledger = () => new Ledger(new AzureTables({ connectionString: inject("azuriteConnectionString") }, { prefix: `p${randomBytes(4).toString("hex")}` }));

  it("records what each day saw and carries statuses forward over days without a sweep", async () => {
    const l = ledger();
    await l.recordFindings([finding("a", "noncompliant"), finding("b", "noncompliant"), finding("c", "compliant")], day("2026-03-01"));
    // A fix the same day: the day's last status is what counts.
    await l.recordFindings([finding("a", "compliant")], day("2026-03-01", "15:00:00"));
    // 03-02: nothing recorded. 03-03: b fixed, a new resource appears.
    await l.recordFindings([finding("b", "compliant"), finding("d", "unknown")], day("2026-03-03"));
    const history = await l.posture.history(4, day("2026-03-03", "23:00:00"));
    expect(history).toEqual([
      { day: "2026-03-01", counts: { noncompliant: 1, compliant: 2 } },
      { day: "2026-03-02", counts: { noncompliant: 1, compliant: 2 } },
      { day: "2026-03-03", counts: { compliant: 3, unknown: 1 } },
    ]);
    // The findings table keeps only the latest status; the posture keeps the days.
    expect((await l.findings.ofResource(id("b")))[0]!.status).toBe("compliant");
  });

  it("leaves out the service's own alerts and rows whose status it never writes", async () => {
    const l = ledger();
    await l.recordFindings([finding("a", "noncompliant"), { ...finding("x", "noncompliant", "guard.blast-radius"), resourceId: `/subscriptions/${SUB}` }], day("2026-03-05"));
    await l.tables.open("posture").write("2026-03-05", [{ row: "forged", fields: { status: "<script>" } }]);
    expect(await l.posture.history(1, day("2026-03-05"))).toEqual([{ day: "2026-03-05", counts: { noncompliant: 1 } }]);
  });

  it("writes more findings than one transaction holds, and refuses a window it cannot read", async () => {
    const l = ledger();
    const many = Array.from({ length: 250 }, (_, i) => finding(`s${i}`, i % 5 === 0 ? "noncompliant" : "compliant"));
    await l.posture.record(many, day("2026-03-07"));
    expect(await l.posture.history(1, day("2026-03-07"))).toEqual([{ day: "2026-03-07", counts: { noncompliant: 50, compliant: 200 } }]);
    await expect(l.posture.history(0, day("2026-03-07"))).rejects.toThrow(/days must be/);
    await expect(l.posture.history(400, day("2026-03-07"))).rejects.toThrow(/days must be/);
  });
});
