import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator/index.ts";
import { runCli as run } from "../../support/cli.ts";
import { GitHubFake } from "../../fakes/github.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

const SUBSCRIPTION = "2c9e7f10-3a4b-4c5d-8e6f-00000000c11a";
const TOKEN = "ghp_cli0000000000000000000000000000000000";
const REPO = "contoso/cloud-security";
const ACCOUNT_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-cli/providers/Microsoft.Storage/storageAccounts/clidata01`;

const account: ArmDocument = {
  id: ACCOUNT_ID,
  name: "clidata01",
  type: "Microsoft.Storage/storageAccounts",
  location: "westeurope",
  kind: "StorageV2",
  sku: { name: "Standard_LRS", tier: "Standard" },
  tags: { "data-classification": "confidential" },
  properties: { minimumTlsVersion: "TLS1_0", supportsHttpsTrafficOnly: true, encryption: { keySource: "Microsoft.Storage" }, provisioningState: "Succeeded" },
};

describe("encryption-guard scan --tickets, from a laptop against the emulator", () => {
  let emulator: RunningEmulator;
  let github: GitHubFake;
  let policyFile: string;
  const scan = (extra: string[], env: Record<string, string | undefined> = { GITHUB_TOKEN: TOKEN }) =>
    run(["scan", "--subscription", SUBSCRIPTION, "--endpoint", emulator.endpoint, "--ca", emulator.caFile, "--policy", policyFile, "--format", "json", "--quiet", ...extra], env);
  const gitHubOptions = () => ["--tickets", "github", "--github-repo", REPO, "--github-api", github.apiUrl];

  beforeAll(async () => {
    [emulator, github] = await Promise.all([
      startEmulator({ subscriptions: [SUBSCRIPTION], estate: [account], throttle: false }),
      GitHubFake.start({ token: TOKEN, repos: [REPO], basePath: "/api/v3" }),
    ]);
    policyFile = join(mkdtempSync(join(tmpdir(), "eg-tickets-cli-")), "policy.json");
    writeFileSync(policyFile, JSON.stringify({ defaultMode: "audit", controls: { "storage.min-tls": { mode: "ticket" } } }));
  });
  afterAll(async () => {
    await Promise.all([emulator?.stop(), github?.stop()]);
  });

  it("files an issue with the token from GITHUB_TOKEN, finds it again on the next run instead of opening another, and closes it once fixed", async () => {
    const first = await scan(gitHubOptions());
    expect(first.stderr).toContain(`encryption-guard: tickets: github:127.0.0.1:${new URL(github.apiUrl).port}/${REPO}: 1 opened`);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).findings.some((f: { controlId: string; decision: string }) => f.controlId === "storage.min-tls" && f.decision === "ticket")).toBe(true);
    const issues = github.issuesOf(REPO);
    expect(issues).toEqual([expect.objectContaining({ title: "[encryption-guard] Storage account requires TLS 1.2 or newer: clidata01", state: "open" })]);
    expect(github.server.requests.every((r) => r.headers.authorization === `token ${TOKEN}` && r.path.startsWith("/api/v3/"))).toBe(true);

    const second = await scan(gitHubOptions());
    expect(second.stderr).toContain("1 unchanged");
    expect(github.issuesOf(REPO)).toHaveLength(1);

    emulator.write(ACCOUNT_ID, { properties: { minimumTlsVersion: "TLS1_2" } });
    const third = await scan(gitHubOptions());
    expect(third.stderr).toContain("1 closed");
    expect(issues[0]).toMatchObject({ state: "closed", state_reason: "completed" });
    emulator.write(ACCOUNT_ID, { properties: { minimumTlsVersion: "TLS1_0" } });
  });

  it("files nothing on a dry run", async () => {
    const before = github.server.requests.length;
    const result = await scan([...gitHubOptions(), "--dry-run"]);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain("tickets:");
    expect(github.server.requests.length).toBe(before);
  });

  it.each([
    ["no repository", ["--tickets", "github"], { GITHUB_TOKEN: TOKEN }, "--tickets github needs --github-repo OWNER/REPO"],
    ["no token", ["--tickets", "github", "--github-repo", REPO], {}, "--tickets github reads its credentials from GITHUB_TOKEN, which is not set"],
    ["a malformed repository", ["--tickets", "github", "--github-repo", "just-a-name"], { GITHUB_TOKEN: TOKEN }, "--github-repo: expected OWNER/REPO"],
    [
      "plain http to a remote host",
      ["--tickets", "servicenow", "--servicenow-instance", "http://contoso.service-now.com"],
      { SERVICENOW_USERNAME: "u", SERVICENOW_PASSWORD: "p" },
      "--servicenow-instance: expected the instance URL as an https URL",
    ],
  ])("exits 2 before scanning for %s, naming the option or setting", async (_label, args, env, message) => {
    const result = await scan(args, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe("");
  });
});
