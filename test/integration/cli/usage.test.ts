import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../../bin/encryption-guard.js");
const VERSION = (JSON.parse(readFileSync(join(import.meta.dirname, "../../../package.json"), "utf8")) as { version: string }).version;
const COMMANDS = ["evaluate", "scan", "report", "controls", "emulator", "demo", "anomalies", "rollback"];

function run(args: string[], nodeArgs: string[] = []) {
  const result = spawnSync(process.execPath, [...nodeArgs, BIN, ...args], { encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the command line a new user meets", () => {
  it("shows examples in the help of the program and of every command", () => {
    const top = run(["--help"]);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/Examples:\n {2}# .+\n {2}\$ encryption-guard /);
    expect(top.stdout).toContain("Exit codes: 0 ok, 1 a --fail-on gate tripped or the run failed, 2 bad input or usage.");
    for (const command of COMMANDS) {
      const help = run([command, "--help"]);
      expect([command, help.code]).toEqual([command, 0]);
      expect([command, help.stdout]).toEqual([command, expect.stringMatching(new RegExp(`Examples:\\n(  # .+\\n  \\$ .*encryption-guard ${command}.*\\n)+`))]);
    }
  });

  it("prints its version", () => {
    for (const flag of ["--version", "-V"]) expect(run([flag])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: "" });
  });

  it("validates controls --format, and its JSON maps each control to MCSB and its Azure Policy definition", () => {
    const wrong = run(["controls", "--format", "xml"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("argument 'xml' is invalid. Allowed choices are table, json.");
    const { controls } = JSON.parse(run(["controls", "--format", "json"]).stdout);
    expect(controls.find((c: { id: string }) => c.id === "storage.min-tls")).toMatchObject({
      mcsb: "DP-3",
      azurePolicyDefinitionId: "/providers/Microsoft.Authorization/policyDefinitions/fe83a0eb-a853-422d-aac2-1bffd182c5d0",
    });
    expect(controls.find((c: { id: string }) => c.id === "vm.confidential")).toMatchObject({ mcsb: null, azurePolicyDefinitionId: null });
    expect(controls.every((c: object) => "mcsb" in c && "azurePolicyDefinitionId" in c)).toBe(true);
  });

  it("rollback --storage with something that is not a connection string is bad input, said so, and never echoes the value", () => {
    const result = run(["rollback", "3f9c2a10-0000-4000-8000-00000000aa01", "--storage", "garbage-with-a-secret"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "encryption-guard: --storage: is not a storage connection string: expected AccountName=…;AccountKey=… (or the service endpoints with SharedAccessSignature=…), or UseDevelopmentStorage=true for Azurite\n",
    );
  });

  it("under an older Node says it needs Node 22, with no stack trace (exit 1)", () => {
    const older = run(["controls"], ["--import", 'data:text/javascript,Object.defineProperty(process.versions, "node", { value: "20.11.1" })']);
    expect(older.code).toBe(1);
    expect(older.stdout).toBe("");
    expect(older.stderr).toMatch(/^encryption-guard: needs Node 22 \(22\.18 or later\), which runs its TypeScript sources directly; this is Node 20\.11\.1\.\n/);
    expect(older.stderr).not.toMatch(/\n\s+at /);
  });
});
