import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, PolicyError } from "../../../shared/config/policy.ts";
import { policyFromSettings } from "../../../shared/config/policySource.ts";

describe("policyFromSettings", () => {
  const root = mkdtempSync(join(tmpdir(), "eg-approot-"));
  writeFileSync(join(root, "guard.yaml"), "defaultMode: audit\n");

  it("reads a relative GUARD_POLICY_FILE from the Functions app root", async () => {
    expect((await policyFromSettings({ policyFile: "guard.yaml" }, { AzureWebJobsScriptRoot: root })).defaultMode).toBe("audit");
  });

  it("prefers the GUARD_POLICY text, and names it in errors", async () => {
    expect((await policyFromSettings({ policyText: "defaultMode: ticket\n", policyFile: "guard.yaml" }, { AzureWebJobsScriptRoot: root })).defaultMode).toBe("ticket");
    await expect(policyFromSettings({ policyText: "defaultMode: fix\n" }, {})).rejects.toThrow(PolicyError);
    await expect(policyFromSettings({ policyText: "defaultMode: fix\n" }, {})).rejects.toThrow(/GUARD_POLICY/);
  });

  it("falls back to the built-in defaults when neither is set", async () => {
    expect(await policyFromSettings({}, {})).toEqual(DEFAULT_POLICY);
  });
});
