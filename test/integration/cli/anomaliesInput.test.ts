import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../../bin/encryption-guard.js");
const AZKV = join(import.meta.dirname, "../../fixtures/keyvault-logs/azkv-audit-rows.json");
const ROWS: Record<string, unknown>[] = JSON.parse(readFileSync(AZKV, "utf8"));

function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, "anomalies", ...args], { encoding: "utf8", env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(rows: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), "eg-anomalies-")), "export.json");
  writeFileSync(path, JSON.stringify(rows));
  return path;
}

const expected = () => run(["--input", AZKV, "--format", "json"]).stdout;

describe("anomalies never answers 'no anomalous key access' about data it did not look at", () => {
  it("a --now outside the data is bad input that says where the data is (exit 2)", () => {
    const result = run(["--input", AZKV, "--now", "2030-01-01T00:00:00Z"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "encryption-guard: anomalies: no row falls in the analysed period 2029-12-17T01:00:00.000Z to 2030-01-01T00:00:00.000Z; the input has rows from 2024-06-03T09:00:01.100Z to 2024-06-03T11:10:00.000Z: move --now into the data\n",
    );
  });

  it("a row dated in the future is reported and left out, so it cannot move the default --now; --strict refuses it", () => {
    const input = file([...ROWS, { ...ROWS[1], TimeGenerated: "2099-01-01T00:00:00Z" }]);
    const result = run(["--input", input, "--format", "json"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(expected());
    expect(result.stderr).toMatch(/^encryption-guard: anomalies: 1 of 18 rows are dated after this machine's clock \(.+Z\): not analysed\n$/);
    const strict = run(["--input", input, "--format", "json", "--strict"]);
    expect([strict.code, strict.stdout]).toEqual([2, ""]);
    expect(strict.stderr).toContain("anomalies --strict: 1 of 18 rows are dated after");
  });

  it("reads a time without a zone as UTC, whatever the machine's zone", () => {
    const zoneless = file(ROWS.map((row) => ({ ...row, TimeGenerated: String(row.TimeGenerated).replace(/Z$/, "") })));
    for (const TZ of ["Pacific/Auckland", "America/Los_Angeles"]) {
      const result = run(["--input", zoneless, "--format", "json"], { TZ });
      expect([TZ, result.stderr, result.stdout]).toEqual([TZ, "", expected()]);
    }
    expect(run(["--input", AZKV, "--format", "json", "--now", "2024-06-03T11:10:00"], { TZ: "Asia/Tokyo" }).stdout).toBe(
      run(["--input", AZKV, "--format", "json", "--now", "2024-06-03T11:10:00Z"]).stdout,
    );
  });

  it("refuses dates that are not ISO 8601, saying so: in a row (skipped, or --strict) and in --now (exit 2)", () => {
    const input = file([...ROWS, { ...ROWS[1], TimeGenerated: "06/03/2024 10:40" }]);
    const lenient = run(["--input", input, "--format", "json"]);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toContain('row 17: TimeGenerated: expected an ISO 8601 date-time, got "06/03/2024 10:40"');
    expect(run(["--input", input, "--strict"]).code).toBe(2);
    const now = run(["--input", AZKV, "--now", "June 3 2024"]);
    expect([now.code, now.stderr]).toEqual([2, 'encryption-guard: --now: expected an ISO 8601 date-time such as 2024-06-01T12:00:00Z (without a zone it is UTC), got "June 3 2024"\n']);
  });
});
