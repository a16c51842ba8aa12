import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../../bin/encryption-guard.js");
const SUB = "/subscriptions/1b2c3d4e-0000-4000-8000-00000000abcd/resourceGroups/rg/providers";

function run(args: string[], env: Record<string, string | undefined> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, GUARD_STORAGE: undefined, GUARD_STORAGE__accountName: undefined, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const dir = mkdtempSync(join(tmpdir(), "eg-cli-formats-"));
const input = join(dir, "docs.json");
writeFileSync(
  input,
  JSON.stringify([
    { id: `${SUB}/Microsoft.Storage/storageAccounts/weak`, type: "Microsoft.Storage/storageAccounts", properties: { minimumTlsVersion: "TLS1_0" } },
    { id: `${SUB}/Microsoft.Storage/storageAccounts/good`, type: "Microsoft.Storage/storageAccounts", properties: { minimumTlsVersion: "TLS1_2", supportsHttpsTrafficOnly: true } },
  ]),
);

describe("encryption-guard output formats", () => {
  it("evaluate writes SARIF with the evaluated file as the results' artifact", () => {
    const { code, stdout } = run(["evaluate", "--format", "sarif", input]);
    expect(code).toBe(0);
    const log = JSON.parse(stdout);
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0].results.some((r: any) => r.ruleId === "storage.min-tls" && r.locations[0].logicalLocations[0].name === "weak")).toBe(true);
    expect(log.runs[0].results.every((r: any) => r.locations[0].physicalLocation.artifactLocation.uri.endsWith("docs.json"))).toBe(true);
  });

  it("evaluate writes JUnit and an HTML file with --output, leaving standard output empty", () => {
    const junit = run(["evaluate", "--format", "junit", input]);
    expect(junit.code).toBe(0);
    expect(junit.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
    const file = join(dir, "report.html");
    const html = run(["evaluate", "--format", "html", "--output", file, "--fail-on", "noncompliant", input]);
    expect(html.code).toBe(1);
    expect(html.stdout).toBe("");
    expect(readFileSync(file, "utf8")).toMatch(/^<!doctype html>/);
  });

  it("exits 2 naming the file when --output cannot be written, and for an unknown format", () => {
    const missing = join(dir, "no-such-dir", "out.html");
    const bad = run(["evaluate", "--format", "html", "--output", missing, input]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`cannot write ${missing}: ENOENT`);
    expect(existsSync(missing)).toBe(false);
    expect(run(["evaluate", "--format", "pdf", input]).code).toBe(2);
  });

  it("report needs the ledger and a sensible window, and says so with exit 2", () => {
    const noLedger = run(["report"]);
    expect(noLedger.code).toBe(2);
    expect(noLedger.stderr).toMatch(/set GUARD_STORAGE or pass --storage/);
    const badDays = run(["report", "--days", "0", "--storage", "UseDevelopmentStorage=true"]);
    expect(badDays.code).toBe(2);
    expect(badDays.stderr).toMatch(/whole number of days from 1 to 366/);
  });
});
