import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../../bin/encryption-guard.js");
const SUB = "/subscriptions/1b2c3d4e-0000-4000-8000-00000000abcd/resourceGroups/rg/providers";

function run(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], { input, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), "eg-cli-")), "docs.json");
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

const storage = (name: string, properties: Record<string, unknown>) => ({ id: `${SUB}/Microsoft.Storage/storageAccounts/${name}`, name, type: "Microsoft.Storage/storageAccounts", properties });

describe("encryption-guard evaluate", () => {
  it("prints one finding per document and matching control in the JSON contract", () => {
    const { code, stdout } = run([
      "evaluate",
      "--format",
      "json",
      file({ value: [storage("weak", { minimumTlsVersion: "TLS1_0" }), { id: `${SUB}/Microsoft.Foo/bars/x`, type: "Microsoft.Foo/bars" }] }),
    ]);
    expect(code).toBe(0);
    const { findings } = JSON.parse(stdout);
    const tls = findings.find((f: { controlId: string }) => f.controlId === "storage.min-tls");
    expect(tls).toEqual({
      resourceId: `${SUB}/Microsoft.Storage/storageAccounts/weak`,
      controlId: "storage.min-tls",
      status: "noncompliant",
      severity: "high",
      evidence: { path: "properties.minimumTlsVersion", actual: "TLS1_0", expected: expect.any(String) },
      decision: "remediate",
      mcsb: "DP-3",
      azurePolicyDefinitionId: "/providers/Microsoft.Authorization/policyDefinitions/fe83a0eb-a853-422d-aac2-1bffd182c5d0",
    });
    expect(findings.every((f: { resourceId: string }) => f.resourceId.includes("storageAccounts"))).toBe(true);
  });

  it("reads standard input and accepts a bare array", () => {
    const { code, stdout } = run(["evaluate", "--format", "json", "-"], JSON.stringify([storage("ok", { minimumTlsVersion: "TLS1_2" })]));
    expect(code).toBe(0);
    expect(JSON.parse(stdout).findings.find((f: { controlId: string }) => f.controlId === "storage.min-tls").status).toBe("compliant");
  });

  it.each([
    ["not JSON", "{oops", /not JSON/],
    ["a document without type", [storage("a", {}), { id: `${SUB}/x/y/z` }], /document 1 .*missing "type"/],
    ["a document without id", [{ type: "Microsoft.Storage/storageAccounts" }], /document 0: missing "id"/],
  ])("exits 2 for %s and prints nothing on stdout", (_label, content, message) => {
    const { code, stdout, stderr } = run(["evaluate", "--format", "json", file(content)]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
  });

  it("exits 2 for a file that does not exist, and 1 with --fail-on when something is non-compliant", () => {
    expect(run(["evaluate", "/nonexistent/file.json"]).code).toBe(2);
    expect(run(["evaluate", "--fail-on", "noncompliant", file([storage("weak", {})])]).code).toBe(1);
    expect(run(["evaluate", "--fail-on", "noncompliant", file([storage("ok", { minimumTlsVersion: "TLS1_3", supportsHttpsTrafficOnly: true })])]).code).not.toBe(2);
  });
});
