import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../../bin/encryption-guard.js");
const FIXTURES = join(import.meta.dirname, "../../fixtures/keyvault-logs");
const AZKV = join(FIXTURES, "azkv-audit-rows.json");
const LEGACY = join(FIXTURES, "azure-diagnostics-rows.json");
const KV_DATA = "/subscriptions/6f1c3b2a-1111-4222-8333-944455556666/resourcegroups/rg-data/providers/microsoft.keyvault/vaults/kv-data";

function run(args: string[]) {
  const result = spawnSync(process.execPath, [BIN, "anomalies", ...args], { encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), "eg-anomalies-")), "export.json");
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

describe("encryption-guard anomalies", () => {
  it("prints the JSON contract: kind, vault id, caller oid/appid/upn, start, end, severity, score, evidence", () => {
    const { code, stdout, stderr } = run(["--input", AZKV, "--format", "json"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(Object.keys(output)).toEqual(["anomalies"]);
    expect(output.anomalies).toHaveLength(1);
    const [anomaly] = output.anomalies;
    expect(Object.keys(anomaly)).toEqual(["kind", "vault", "caller", "start", "end", "severity", "score", "evidence"]);
    expect(anomaly).toMatchObject({
      kind: "sensitive-operation",
      vault: KV_DATA,
      caller: { oid: "0a1b2c3d-0000-4000-8000-000000000001", appid: "04b07795-8ddb-461a-bbee-02f9e1bf7b46", upn: "alice@contoso.example" },
      start: "2024-06-03T10:40:00.000Z",
      end: "2024-06-03T10:40:00.000Z",
      severity: "critical",
      evidence: { operations: { KeyDelete: 1 } },
    });
    expect(typeof anomaly.score).toBe("number");
  });

  it("gives the same answer for the same events exported from AzureDiagnostics, or as a query response", () => {
    const expected = run(["--input", AZKV, "--format", "json"]).stdout;
    expect(run(["--input", LEGACY, "--format", "json"]).stdout).toBe(expected);
    const rows: Record<string, unknown>[] = JSON.parse(readFileSync(AZKV, "utf8"));
    const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
    const response = { tables: [{ name: "PrimaryResult", columns: columns.map((name) => ({ name, type: "string" })), rows: rows.map((row) => columns.map((name) => row[name] ?? null)) }] };
    expect(run(["--input", file(response), "--format", "json"]).stdout).toBe(expected);
  });

  it("judges the 24 hours before --now only", () => {
    const { code, stdout } = run(["--input", AZKV, "--format", "json", "--now", "2024-06-03T10:00:00Z"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ anomalies: [] });
  });

  it("prints a table by default", () => {
    const { code, stdout } = run(["--input", AZKV]);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toMatch(/^SEVERITY\s+KIND\s+VAULT\s+CALLER\s+START \(UTC\)\s+SCORE$/);
    expect(stdout).toMatch(/critical\s+sensitive-operation\s+kv-data\s+alice@contoso\.example\s+2024-06-03 10:40/);
  });

  it("counts and reports bad rows without failing", () => {
    const rows = [...JSON.parse(readFileSync(AZKV, "utf8")), ...JSON.parse(readFileSync(join(FIXTURES, "bad-rows.json"), "utf8"))];
    const { code, stdout, stderr } = run(["--input", file(rows), "--format", "json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).anomalies).toHaveLength(1);
    expect(stderr).toMatch(/^encryption-guard: anomalies: skipped 6 of 23 rows: row 17: TimeGenerated: expected an ISO 8601 date-time, got "yesterday"; row 18: _ResourceId: .*; and 1 more\n$/);
  });

  it.each([
    ["a missing file", ["--input", "/nonexistent/export.json"], /cannot read \/nonexistent\/export\.json: ENOENT/],
    ["text that is not JSON", ["--input", file("TimeGenerated,OperationName\n")], /not JSON/],
    ["JSON that is not a list of rows", ["--input", file({ rows: [] })], /expected a JSON array of AZKVAuditLogs or AzureDiagnostics rows/],
    ["rows none of which is valid", ["--input", join(FIXTURES, "bad-rows.json")], /no valid Key Vault audit or activity rows to analyse \(6 read; row 0: TimeGenerated/],
    ["a bad --now", ["--input", AZKV, "--now", "tomorrow"], /--now: expected an ISO 8601 date-time/],
    ["a bad --baseline-days", ["--input", AZKV, "--baseline-days", "0"], /--baseline-days: expected a whole number from 1 to 90, got "0"/],
    ["a bad --format", ["--input", AZKV, "--format", "xml"], /argument 'xml' is invalid/],
  ])("exits 2 with a clear message on %s", (_what, args, message) => {
    const { code, stdout, stderr } = run(args as string[]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
  });
});
