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
const GOLDEN_AUDIT = join(FIXTURES, "golden-rows.json");
const GOLDEN_ACTIVITY = join(import.meta.dirname, "../../fixtures/activity-logs/golden-rows.json");
const json = (path: string): Record<string, unknown>[] => JSON.parse(readFileSync(path, "utf8"));

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

  it("takes one array mixing the three tables, reports the diagnostic setting's deletion against its vault, and counts other tables' rows on stderr", () => {
    const signIn = { Type: "SigninLogs", TimeGenerated: "2024-07-01T10:00:00Z", UserPrincipalName: "mallory@contoso.example" };
    const audit = { Type: "AuditLogs", TimeGenerated: "2024-07-01T10:00:00Z", OperationName: "Add member to role" };
    const rows = [...json(GOLDEN_AUDIT), signIn, ...json(GOLDEN_ACTIVITY), signIn, audit];
    const { code, stdout, stderr } = run(["--input", file(rows), "--format", "json"]);
    expect(code).toBe(0);
    expect(stderr).toBe('encryption-guard: anomalies: ignored 3 of 27 rows of tables it does not read: "SigninLogs" 2, "AuditLogs" 1\n');
    expect(JSON.parse(stdout).anomalies).toEqual([
      expect.objectContaining({
        kind: "logging-disabled",
        vault: "/subscriptions/11111111-2222-4333-8444-555555555555/resourcegroups/rg-golden/providers/microsoft.keyvault/vaults/kv-golden",
        caller: { oid: "cccccccc-0000-4000-8000-000000000003", appid: "c44b4083-3bb0-49c1-b47d-974e53cbdf3c", upn: "mallory@contoso.example" },
        severity: "critical",
        evidence: expect.objectContaining({ settings: [expect.objectContaining({ setting: "audit-to-law", change: "deleted" })] }),
      }),
    ]);
  });

  it("does not report a diagnostic-setting deletion by the identity named as the service's own", () => {
    const deleter = "cccccccc-0000-4000-8000-000000000003";
    const { code, stdout } = run(["--input", GOLDEN_ACTIVITY, "--format", "json", "--service-identity", deleter]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ anomalies: [] });
  });

  it.each([
    ["a missing file", ["--input", "/nonexistent/export.json"], /cannot read \/nonexistent\/export\.json: ENOENT/],
    ["text that is not JSON", ["--input", file("TimeGenerated,OperationName\n")], /not JSON/],
    ["JSON that is not a list of rows", ["--input", file({ rows: [] })], /expected a JSON array of AZKVAuditLogs, AzureDiagnostics or AzureActivity rows/],
    [
      "a --service-identity that is no GUID",
      ["--input", AZKV, "--service-identity", "guard-app"],
      /--service-identity: expected the service identity's object or application id \(a GUID\), got "guard-app"/,
    ],
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
