import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, loadPolicy, parsePolicy, PolicyError, type PolicyIssue } from "../../../shared/config/index.ts";

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/policies/${name}`, import.meta.url));
const EXAMPLE = fileURLToPath(new URL("../../../examples/encryption-guard.policy.yaml", import.meta.url));

/** The PolicyError a parse throws; fails the test when the text parses. */
function problemsOf(text: string, source = "policy.yaml"): PolicyError {
  try {
    parsePolicy(text, source);
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw error;
  }
  throw new Error("expected the policy to be rejected");
}

async function problemsOfFile(name: string): Promise<PolicyError> {
  return problemsOf(await readFile(fixture(name), "utf8"), name);
}

const summary = (issues: readonly PolicyIssue[]) => issues.map(({ path, line }) => `${line}:${path}`);

describe("parsePolicy: good files", () => {
  it("parses the documented example with its sections filled in", async () => {
    const policy = await loadPolicy(EXAMPLE);
    expect(policy.scopes.subscriptions).toHaveLength(2);
    expect(policy.classification.aliases).toEqual({ internal: "general", restricted: "confidential", secret: "highly-confidential" });
    expect(policy.controls["storage.cmk"]?.params).toMatchObject({ keyName: "storage-cmk" });
    expect(policy.exemptions.map((exemption) => exemption.expires)).toEqual(["2026-12-31", "2026-06-30T17:00:00Z"]);
    expect(policy.tickets.sinks.map((sink) => sink.type)).toEqual(["github", "webhook"]);
    expect(policy.anomalies.allowlist.map((entry) => entry.reason)).toContain("Nightly backup of the payments vault");
  });

  it("fills every default for an explicit empty mapping, equal to DEFAULT_POLICY", () => {
    const policy = parsePolicy("{}", "empty.yaml");
    expect(policy).toEqual(DEFAULT_POLICY);
    expect(policy.safety).toEqual({ allowDisruptive: false, allowIrreversible: false });
    expect(policy.classification).toEqual({ tagName: "data-classification", defaultLevel: "general", aliases: {} });
    expect(policy.limits).toEqual({
      maxFixesPerWindow: 50,
      windowMinutes: 60,
      maxFixesPerSubscriptionPerWindow: 20,
      maxSweepFixShare: 0.25,
      maxAttemptsPerResourceControl: 3,
    });
    expect(policy.defaultMode).toBeUndefined();
  });

  it("reads JSON, including a $schema reference", async () => {
    const policy = await loadPolicy(fixture("minimal.json"));
    expect(policy.defaultMode).toBe("audit");
    expect(policy.scopes.subscriptions).toEqual(["00000000-0000-0000-0000-000000000001"]);
  });

  it("includes Azure Resource Graph and Policy Insights in the anomaly allowlist unless turned off", () => {
    const withBuiltIns = parsePolicy("anomalies:\n  allowlist:\n    - oid: 00000000-0000-0000-0000-0000000000aa\n      reason: backup\n", "p.yaml");
    expect(withBuiltIns.anomalies.allowlist.map((entry) => entry.appid ?? entry.oid)).toEqual([
      "509e4652-da8d-478d-a730-e9d4a1996ca4",
      "8cae6e77-e04e-42ce-b5cb-50d82bce26b1",
      "1d78a85d-813d-46f0-b496-dd72f50a3ec0",
      "00000000-0000-0000-0000-0000000000aa",
    ]);
    const without = parsePolicy("anomalies:\n  builtInAllowlist: false\n", "p.yaml");
    expect(without.anomalies.allowlist).toEqual([]);
  });

  it("accepts settings names where credentials would go", () => {
    const policy = parsePolicy(
      "tickets:\n  sinks:\n    - type: servicenow\n      instanceUrl: https://contoso.service-now.com\n      userSetting: SNOW_USER\n      passwordSetting: SNOW_PASSWORD\n",
      "p.yaml",
    );
    expect(policy.tickets.sinks[0]).toMatchObject({ type: "servicenow", passwordSetting: "SNOW_PASSWORD" });
  });
});

describe("parsePolicy: bad files report every problem with its path and line", () => {
  it("lists unknown fields, wrong enums, bad GUIDs, unknown control ids and bad dates together", async () => {
    const error = await problemsOfFile("many-problems.yaml");
    expect(error.source).toBe("many-problems.yaml");
    expect(summary(error.issues)).toEqual([
      "2:scopes.subscriptions[0]",
      "3:scopes.includeResourceGroup",
      "4:defaultMode",
      "7:controls.storage.min-tls.mode",
      "8:controls.storage.cnk",
      "14:exemptions[0].expires",
      "16:limits.maxSweepFixShare",
      "19:tickets.sinks[0].type",
      "20:notifications",
    ]);
    const message = (path: string) => error.issues.find((issue) => issue.path === path)?.message;
    expect(message("scopes.subscriptions[0]")).toMatch(/expected a subscription id \(a GUID/);
    expect(message("scopes.includeResourceGroup")).toMatch(/unknown field; expected one of .*includeResourceGroups/);
    expect(message("controls.storage.min-tls.mode")).toBe('expected one of off|audit|ticket|remediate, got "enforce"');
    expect(message("controls.storage.cnk")).toMatch(/unknown control id; known ids: .*storage\.min-tls/);
    expect(message("exemptions[0].expires")).toMatch(/expected an ISO 8601 date \(2025-06-30\) or date-time with offset/);
    expect(message("tickets.sinks[0].type")).toBe("expected type to be one of github|azure-devops|servicenow|webhook");
    expect(error.message).toContain("many-problems.yaml:7:11 controls.storage.min-tls.mode: expected one of off|audit|ticket|remediate");
  });

  it("refuses credentials in keys, params and URLs, saying where credentials come from", async () => {
    const error = await problemsOfFile("credentials.yaml");
    expect(summary(error.issues)).toEqual(["4:controls.storage.min-tls.params.clientSecret", "9:tickets.sinks[0].token", "15:tickets.sinks[2].url", "18:tickets.sinks[3].password"]);
    for (const issue of error.issues) expect(issue.message).toContain("credentials come from app settings or Key Vault references");
    expect(error.issues[2]?.message).toContain("(sig)");
  });

  it("gives the line and column of a YAML syntax error", async () => {
    const error = await problemsOfFile("syntax-error.yaml");
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ path: "", line: 5, column: 1 });
    expect(error.issues[0]?.message).toMatch(/^YAML syntax: /);
  });

  it("places problems in a JSON file by line too", async () => {
    const error = await problemsOfFile("problems.json");
    expect(summary(error.issues)).toEqual(["3:controls.storage.min-tls.mode", "5:safety.allowDisruptive"]);
    expect(error.issues[1]?.message).toBe('expected boolean, got "yes"');
  });

  it("refuses duplicate keys instead of keeping the last one", () => {
    const error = problemsOf("defaultMode: audit\ndefaultMode: remediate\n");
    expect(error.issues[0]).toMatchObject({ line: 2 });
    expect(error.issues[0]?.message).toMatch(/unique/);
  });

  it("refuses an empty file rather than silently applying defaults", () => {
    expect(problemsOf("# nothing here\n").issues[0]?.message).toMatch(/the file is empty/);
    expect(problemsOf("- a\n- b\n").issues[0]?.message).toMatch(/expected a mapping/);
  });

  it("names missing required fields of an exemption", () => {
    const error = problemsOf("exemptions:\n  - scope: /subscriptions/00000000-0000-0000-0000-000000000001/\n");
    expect(error.issues.map((issue) => issue.path)).toEqual(["exemptions[0].controls", "exemptions[0].reason"]);
    expect(error.issues[0]?.message).toBe("missing required field (expected array)");
  });

  it("checks exemption scopes and control lists", () => {
    const error = problemsOf('exemptions:\n  - scope: "storage accounts"\n    controls: ["*", storage.min-tls]\n    reason: x\n  - scope: /subscriptions/\n    controls: []\n    reason: y\n');
    expect(error.issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      "exemptions[0].scope: expected a resource id, an id prefix ending with /, or a glob with * and **, starting with / or *",
      'exemptions[0].controls: "*" already covers every control; list it alone',
      'exemptions[1].controls: expected at least one control id, or ["*"] for every control',
    ]);
  });

  it("checks classification aliases against the four levels", () => {
    const error = problemsOf("classification:\n  aliases:\n    Public: confidential\n    Restricted: confidential\n    RESTRICTED: secret\n");
    expect(error.issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      'classification.aliases.Public: "Public" is one of the four levels and cannot be redefined by an alias',
      'classification.aliases.RESTRICTED: expected one of public|general|confidential|highly-confidential, got "secret"',
      'classification.aliases.RESTRICTED: duplicates the alias "Restricted" (tag values compare case-insensitively)',
    ]);
  });

  it("checks limits against each other and anomaly windows against the baseline", () => {
    const error = problemsOf("limits:\n  maxFixesPerWindow: 5\n  maxFixesPerSubscriptionPerWindow: 10\n  windowMinutes: 0\nanomalies:\n  baselineDays: 1\n  windowHours: 48\n");
    expect(error.issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      "limits.maxFixesPerSubscriptionPerWindow: cannot exceed limits.maxFixesPerWindow (5)",
      "limits.windowMinutes: expected a whole number from 1 to 10080",
      "anomalies.windowHours: must be shorter than the baseline (1 days)",
    ]);
  });

  it("checks sink fields: URLs, repos, and exactly one webhook address", () => {
    const error = problemsOf(
      [
        "tickets:",
        "  sinks:",
        "    - type: github",
        "      repo: just-a-name",
        "      apiUrl: http://github.example.com/api/v3",
        "    - type: webhook",
        "    - type: webhook",
        "      url: https://hooks.example.com/encryption",
        "      urlSetting: HOOK_URL",
        "    - type: azure-devops",
        "      organizationUrl: https://dev.azure.com/contoso",
        "anomalies:",
        "  allowlist:",
        "    - reason: no caller named",
        "",
      ].join("\n"),
    );
    expect(error.issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      "tickets.sinks[0].repo: expected OWNER/REPO",
      "tickets.sinks[0].apiUrl: expected the GitHub API base URL as an https URL (plain http only for localhost)",
      "tickets.sinks[1].url: set exactly one of url or urlSetting",
      "tickets.sinks[2].url: set exactly one of url or urlSetting",
      "tickets.sinks[3].project: expected a project name, got nothing",
      "anomalies.allowlist[0]: name the caller with at least one of appid, oid or upn",
    ]);
  });
});

describe("parsePolicy: control parameters are checked against each control's own schema", () => {
  const WORKSPACE = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/monitoring/providers/Microsoft.OperationalInsights/workspaces/security-logs";
  const diagnostics = (params: string) => `controls:\n  keyvault.diagnostics:\n    mode: remediate\n    params:\n${params}`;

  it("refuses a misspelt parameter at load, naming the control and the parameter, instead of ticketing the fix later", () => {
    const error = problemsOf(diagnostics(`      workspaceID: ${WORKSPACE}\n`));
    expect(error.issues).toEqual([
      { path: "controls.keyvault.diagnostics.params.workspaceId", message: "missing required field (expected string)", line: 5, column: 7 },
      { path: "controls.keyvault.diagnostics.params.workspaceID", message: "unknown parameter of keyvault.diagnostics; expected workspaceId", line: 5, column: 7 },
    ]);
    expect(error.message).toContain("policy.yaml:5:7 controls.keyvault.diagnostics.params.workspaceID: unknown parameter of keyvault.diagnostics; expected workspaceId");
  });

  it("refuses a parameter of the wrong type, or the id of the wrong kind of resource", () => {
    expect(problemsOf(diagnostics("      workspaceId: 42\n")).issues).toEqual([{ path: "controls.keyvault.diagnostics.params.workspaceId", message: "expected string, got 42", line: 5, column: 20 }]);
    const storageAccount = WORKSPACE.replace("Microsoft.OperationalInsights/workspaces", "Microsoft.Storage/storageAccounts");
    expect(problemsOf(diagnostics(`      workspaceId: ${storageAccount}\n`)).issues[0]?.message).toBe(
      "expected the resource id of a Log Analytics workspace: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>",
    );
  });

  it("refuses an incomplete params object: given at all, every required parameter must be there", () => {
    const error = problemsOf("controls:\n  storage.cmk:\n    params:\n      keyVaultUri: https://contoso-keys.vault.azure.net/\n");
    expect(summary(error.issues)).toEqual(["4:controls.storage.cmk.params.keyName", "4:controls.storage.cmk.params.userAssignedIdentityId"]);
  });

  it("refuses parameters for a control that takes none", () => {
    expect(problemsOf("controls:\n  storage.min-tls:\n    params:\n      version: TLS1_3\n").issues).toEqual([
      { path: "controls.storage.min-tls.params.version", message: "storage.min-tls takes no parameters", line: 4, column: 7 },
    ]);
  });

  it("keeps the parameters as the control's schema parses them", () => {
    const policy = parsePolicy(diagnostics(`      workspaceId: "  ${WORKSPACE}  "\n`), "p.yaml");
    expect(policy.controls["keyvault.diagnostics"]).toEqual({ mode: "remediate", params: { workspaceId: WORKSPACE } });
  });
});

describe("loadPolicy", () => {
  it("returns the defaults when no file is configured", async () => {
    await expect(loadPolicy(undefined)).resolves.toBe(DEFAULT_POLICY);
  });

  it("names the file it cannot read", async () => {
    const missing = fixture("does-not-exist.yaml");
    const error = await loadPolicy(missing).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).source).toBe(missing);
    expect((error as PolicyError).issues[0]?.message).toMatch(/cannot read the file: ENOENT/);
  });
});
