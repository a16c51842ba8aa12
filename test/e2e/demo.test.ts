import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../bin/encryption-guard.js");

describe("npm start (encryption-guard demo)", () => {
  it("sweeps the demo estate, fixes and tickets, brings a drifted resource back through its event, and exits 0", () => {
    const run = spawnSync(process.execPath, [BIN, "demo"], { encoding: "utf8", timeout: 120_000 });
    expect(run.status).toBe(0);
    const out = run.stdout;
    expect(run.stderr).not.toMatch(/WARNING|Error/);
    const fixed = Number(/Fixed \((\d+) applied and confirmed by a re-read\)/.exec(out)?.[1]);
    const tickets = Number(/Needs a ticket \((\d+):/.exec(out)?.[1]);
    expect(fixed).toBeGreaterThan(0);
    expect(tickets).toBeGreaterThan(0);
    expect(out).toContain("no second write");
    expect(out).toMatch(/Event Grid delivered Microsoft\.Resources\.ResourceWriteSuccess for \S+/);
    expect(out).toMatch(/the worker re-read it and fixed it/);
    expect(out).toMatch(/errors 0/);
    // It ends with the HTML report of its ledger.
    const report = /HTML report of the ledger: (\S+\.html)\n$/.exec(out)?.[1];
    expect(report).toBeDefined();
    const html = readFileSync(report!, "utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("Fixes made");
  });
});
