import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../../bin/encryption-guard.js");
const EXAMPLES = join(import.meta.dirname, "../../../examples/resources.json");
const RG = "/subscriptions/1b2c3d4e-0000-4000-8000-00000000abcd/resourceGroups/rg/providers";

function run(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], { input, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(content: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), "eg-input-")), "docs.json");
  writeFileSync(path, content);
  return path;
}

const storage = (name: string, properties: Record<string, unknown>, type = "Microsoft.Storage/storageAccounts") => ({ id: `${RG}/${type}/${name}`, name, type, properties });
const strong = storage("ok", { minimumTlsVersion: "TLS1_2", supportsHttpsTrafficOnly: true, encryption: { keySource: "Microsoft.Storage" } });

describe("evaluate: documents it cannot judge are reported, and gates trip on the wrong ones", () => {
  const wrong = [
    ["a misspelled type", storage("typo", {}, "Microsoft.Storage/storageAcounts"), "unknown-type", "did you mean Microsoft.Storage/storageAccounts?"],
    ["an id that is not a resource id", { ...strong, id: "storageAccounts/ok" }, "invalid-id", "id is not an ARM resource id"],
    ["a type its id disagrees with", { ...strong, type: "Microsoft.KeyVault/vaults" }, "type-mismatch", "is not the type its id names, Microsoft.Storage/storageAccounts"],
  ] as const;

  it.each(wrong)("%s: named on stderr and in JSON; exit 0 without a gate, 1 with --fail-on", (_label, doc, problem, message) => {
    const input = file(JSON.stringify([strong, doc]));
    const plain = run(["evaluate", "--format", "json", input]);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toContain(`document 1 (${doc.id}) was not evaluated: `);
    expect(plain.stderr).toContain(message);
    expect(JSON.parse(plain.stdout).unevaluated).toEqual([{ index: 1, resourceId: doc.id, type: doc.type, problem, message: expect.stringContaining(message) }]);
    // Nothing in the input is non-compliant, yet the gate must not pass what it could not judge.
    expect(JSON.parse(plain.stdout).findings.every((f: { status: string }) => f.status !== "noncompliant")).toBe(true);
    expect(run(["evaluate", "--fail-on", "noncompliant", input]).code).toBe(1);
  });

  it("a type no control covers is counted on stderr and listed in JSON, and does not trip the gate", () => {
    const vnet = { id: `${RG}/Microsoft.Network/virtualNetworks/vnet1`, type: "Microsoft.Network/virtualNetworks", properties: {} };
    const input = file(JSON.stringify([strong, vnet, vnet]));
    const result = run(["evaluate", "--format", "json", "--fail-on", "noncompliant", input]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("no control covers 2 document(s) of these types: Microsoft.Network/virtualNetworks (2)");
    expect(JSON.parse(result.stdout).unevaluated.map((u: { problem: string }) => u.problem)).toEqual(["not-covered", "not-covered"]);
  });

  it("--severity and --control narrow what --fail-on counts", () => {
    // stweak: storage.min-tls and storage.https-only are high; storage.cmk is medium (at confidential).
    const weak = {
      ...storage("weak", { minimumTlsVersion: "TLS1_2", supportsHttpsTrafficOnly: true, encryption: { keySource: "Microsoft.Storage" } }),
      tags: { "data-classification": "confidential" },
    };
    const input = file(JSON.stringify([weak]));
    expect(
      JSON.parse(run(["evaluate", "--format", "json", input]).stdout)
        .findings.filter((f: { status: string }) => f.status === "noncompliant")
        .map((f: { severity: string }) => f.severity),
    ).toEqual(["medium"]);
    expect(run(["evaluate", "--fail-on", "noncompliant", input]).code).toBe(1);
    expect(run(["evaluate", "--fail-on", "noncompliant", "--severity", "high", input]).code).toBe(0);
    // --control takes several ids, so the file comes before it.
    expect(run(["evaluate", input, "--fail-on", "noncompliant", "--control", "storage.min-tls", "storage.https-only"]).code).toBe(0);
    expect(run(["evaluate", input, "--fail-on", "noncompliant", "--control", "storage.cmk"]).code).toBe(1);
    const unknown = run(["evaluate", input, "--fail-on", "noncompliant", "--control", "storage.min-tsl"]);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('--control: unknown control id "storage.min-tsl"')]);
    expect(run(["evaluate", "--severity", "urgent", input]).code).toBe(2);
  });
});

describe("evaluate: what Windows tools write", () => {
  const json = JSON.stringify([storage("weak", { minimumTlsVersion: "TLS1_0" })]);
  const expected = () => JSON.parse(run(["evaluate", "--format", "json", file(json)]).stdout);

  it.each([
    ["UTF-8 with a byte order mark", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json, "utf8")])],
    ["UTF-16 LE with a byte order mark (PowerShell's > and Out-File)", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, "utf16le")])],
    ["UTF-16 BE with a byte order mark", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(json, "utf16le").swap16()])],
  ])("reads %s like UTF-8", (_label, bytes) => {
    const result = run(["evaluate", "--format", "json", file(bytes)]);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual(expected());
  });

  it.each([
    ["UTF-16 without a byte order mark", Buffer.from(json, "utf16le"), "looks like UTF-16 without a byte order mark; save it as UTF-8"],
    ["bytes that are not UTF-8", Buffer.from([0x5b, 0xff, 0xfe, 0xfd, 0x5d]), "not valid UTF-8 text; save it as UTF-8"],
  ])("refuses %s with a message a person can act on (exit 2)", (_label, bytes, message) => {
    const result = run(["evaluate", file(bytes)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/[\u0000\ufeff\ufffd]/);
  });

  it("reads standard input with a byte order mark too", () => {
    const result = spawnSync(process.execPath, [BIN, "evaluate", "--format", "json", "-"], { input: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, "utf16le")]), encoding: "utf8" });
    expect(JSON.parse(result.stdout)).toEqual(expected());
  });
});

describe("examples/resources.json", () => {
  it("is a small estate to try evaluate on: every document judged, most of them with something to fix", () => {
    const result = run(["evaluate", "--format", "json", EXAMPLES]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const output = JSON.parse(result.stdout);
    expect(output.unevaluated).toBeUndefined();
    const noncompliant = new Set(output.findings.filter((f: { status: string }) => f.status === "noncompliant").map((f: { controlId: string }) => f.controlId.split(".")[0]));
    expect([...noncompliant].sort()).toEqual(["appservice", "disk", "keyvault", "postgresql", "redis", "sql", "storage"]);
    expect(run(["evaluate", "--fail-on", "noncompliant", "--severity", "critical", EXAMPLES]).code).toBe(1);
  });
});
