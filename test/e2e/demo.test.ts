import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DemoSummary } from "../../dev/demo.ts";

const BIN = join(import.meta.dirname, "../../bin/encryption-guard.js");

const demo = (...args: string[]) => spawnSync(process.execPath, [BIN, "demo", ...args], { encoding: "utf8", timeout: 120_000 });

describe("npm start (encryption-guard demo)", () => {
  it("sweeps the demo estate, fixes and tickets exactly what the estate calls for, brings a drifted resource back through its event, and exits 0", () => {
    const run = demo("--json");
    expect(run.status).toBe(0);
    expect(run.stderr).not.toMatch(/WARNING|Error/);
    const summary = JSON.parse(run.stdout) as DemoSummary;
    // The demo estate (emulator/estates/demo.ts): 69 resources of every covered type (keys, secrets, a managed HSM and a
    // disk encryption set among them), 18 of them with safe fixes due, and 3 certificates in two vaults' data planes
    // (emulator/estates/certificates.ts), 4 findings each.
    expect(summary).toMatchObject({
      resources: 72,
      shards: 29,
      resourcesNeedingFixes: 18,
      findings: 191,
      // 23 fixes in the sweep (the disk encryption set's pinned key version among them), batched into 19 writes (one per
      // resource and document), and the drift fixed again.
      fixesApplied: 24,
      armWritesForFixes: 19,
      // The storage account whose key expires in ten days among them, due the day before; and 3 about certificates: one
      // expiring in 10 days that nothing renews (expiry, autorenew), one issued for 24 months.
      tickets: 41,
      // Each write of ours raised an event that came back and was only verified; the user's drift raised one more.
      ownEvents: 20,
      eventsDelivered: 21,
      drift: { eventType: "Microsoft.Resources.ResourceWriteSuccess", outcome: "fixed it" },
      errors: 0,
    });
    expect(summary.armRequests.PUT + summary.armRequests.PATCH).toBe(20);
    expect(summary.armRequests.throttled).toBe(0);
    // Its findings and fixes went to the findings table as well, through the real Logs Ingestion client.
    expect(summary.logAnalytics.table).toBe("EncryptionGuardFindings_CL");
    expect(summary.logAnalytics.findings).toBeGreaterThanOrEqual(summary.findings);
    expect(summary.logAnalytics.actionStates).toBeGreaterThanOrEqual(2 * summary.fixesApplied);
    expect(summary.logAnalytics.rows).toBe(summary.logAnalytics.findings + summary.logAnalytics.actionStates);
    const html = readFileSync(summary.report, "utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("Fixes made");
  });

  it("tells the same story in prose, with the same figures", () => {
    const run = demo();
    expect(run.status).toBe(0);
    const out = run.stdout;
    expect(out).toContain("Fixed (23 applied and confirmed by a re-read)");
    expect(out).toContain("Needs a ticket (41:");
    expect(out).toMatch(/www-contoso-com +keyvault\.certificate-expiry +high +expires on \d{4}-\d\d-\d\d, in 10 day\(s\)/);
    expect(out).toContain("The 23 fixes went out as 19 ARM writes");
    // The key lifecycle: a pinned key version unpinned, and a key ten days from expiry ticketed with its due date.
    expect(out).toMatch(/des-guard +cmk\.auto-rotation +Unpin the key version/);
    expect(out).toMatch(/stpaymentsprod +cmk\.key-available +critical +the key expires on \d{4}-\d{2}-\d{2} \(in 10 days\) and no rotation policy replaces it first; due by \d{4}-\d{2}-\d{2}/);
    expect(out).toContain("no second write");
    expect(out).toMatch(/Event Grid delivered Microsoft\.Resources\.ResourceWriteSuccess for \S+/);
    expect(out).toMatch(/the worker re-read it and fixed it/);
    expect(out).toMatch(/resources 72; findings 191 in the ledger; errors 0/);
    // Its findings and fixes went to the findings table as well, through the real Logs Ingestion client.
    expect(out).toMatch(/Log Analytics: \d+ rows sent to EncryptionGuardFindings_CL .*\(\d+ findings, \d+ action states\)/);
    expect(out).toMatch(/HTML report of the ledger: \S+\.html\n$/);
  });
});
