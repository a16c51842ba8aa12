import { describe, expect, it } from "vitest";
import { parseSettings, SettingsError } from "../../../shared/config/settings.ts";

describe("parseSettings", () => {
  it("applies defaults for an empty environment", () => {
    expect(parseSettings({})).toEqual({
      subscriptionIds: [],
      managementGroups: [],
      retention: {},
      armEndpoint: "https://management.azure.com",
      credential: "default",
      dryRun: false,
      actor: "encryption-guard",
      platformAuthentication: false,
    });
  });

  it("believes App Service authentication is in front only when the platform's setting says so", () => {
    expect(parseSettings({ WEBSITE_AUTH_ENABLED: "True" }).platformAuthentication).toBe(true);
    expect(parseSettings({ WEBSITE_AUTH_ENABLED: "False" }).platformAuthentication).toBe(false);
    expect(parseSettings({ WEBSITE_AUTH_ENABLED: "" }).platformAuthentication).toBe(false);
  });

  it("reads the ledger keys, the first one signing, and refuses short keys and unresolved Key Vault references", () => {
    const [current, previous] = [Buffer.alloc(32, 1), Buffer.alloc(48, 2)];
    expect(parseSettings({ GUARD_LEDGER_KEYS: `${current.toString("base64")}, ${previous.toString("base64")}` }).ledgerKeys).toEqual([current, previous]);
    expect(() => parseSettings({ GUARD_LEDGER_KEYS: Buffer.alloc(16).toString("base64") })).toThrow(/GUARD_LEDGER_KEYS: entry 1 must be base64 of at least 32 random bytes/);
    expect(() => parseSettings({ GUARD_LEDGER_KEYS: "not base64!" })).toThrow(/GUARD_LEDGER_KEYS/);
    expect(() => parseSettings({ GUARD_LEDGER_KEYS: "@Microsoft.KeyVault(VaultName=kv;SecretName=ledger-integrity-keys)" })).toThrow(/did not resolve/);
  });

  it("reads management groups, the sweep source and retention days, and names the setting that is wrong", () => {
    const s = parseSettings({ GUARD_MANAGEMENT_GROUPS: "contoso-prod, Platform_(EU).1", GUARD_SWEEP_SOURCE: "arm", GUARD_RETENTION_KEYS_DAYS: "3", GUARD_RETENTION_POSTURE_DAYS: "400" });
    expect(s).toMatchObject({ managementGroups: ["contoso-prod", "Platform_(EU).1"], sweepSource: "arm", retention: { keys: 3, posture: 400 } });
    expect(() => parseSettings({ GUARD_MANAGEMENT_GROUPS: "contoso prod" })).toThrow(/GUARD_MANAGEMENT_GROUPS: every entry must be a management group id/);
    expect(() => parseSettings({ GUARD_SWEEP_SOURCE: "cache" })).toThrow(/GUARD_SWEEP_SOURCE: must be graph/);
    expect(() => parseSettings({ GUARD_RETENTION_EVENTS_DAYS: "1.5" })).toThrow(/GUARD_RETENTION_EVENTS_DAYS: must be a whole number of days/);
  });

  it("reads lists and flags", () => {
    const s = parseSettings({ GUARD_SUBSCRIPTION_IDS: " 1b2c3d4e-0000-4000-8000-00000000abcd , 2b2c3d4e-0000-4000-8000-00000000abcd", GUARD_DRY_RUN: "true", ARM_CREDENTIAL: "managed-identity" });
    expect(s.subscriptionIds).toHaveLength(2);
    expect(s.dryRun).toBe(true);
    expect(s.credential).toBe("managed-identity");
  });

  it("names every bad setting", () => {
    let error: unknown;
    try {
      parseSettings({ GUARD_SUBSCRIPTION_IDS: "not-a-guid", ARM_ENDPOINT: "http://localhost", ARM_CREDENTIAL: "password", GUARD_DRY_RUN: "yes" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingsError);
    const problems = (error as SettingsError).problems.join("\n");
    for (const name of ["GUARD_SUBSCRIPTION_IDS", "ARM_ENDPOINT", "ARM_CREDENTIAL", "GUARD_DRY_RUN"]) expect(problems).toContain(name);
  });
});

describe("GUARD_STORAGE", () => {
  it.each([
    "UseDevelopmentStorage=true",
    "DefaultEndpointsProtocol=https;AccountName=guardledger;AccountKey=a2V5;EndpointSuffix=core.windows.net",
    "TableEndpoint=https://guardledger.table.core.windows.net/;QueueEndpoint=https://guardledger.queue.core.windows.net/;SharedAccessSignature=sv=2022&sig=x",
  ])("takes a connection string: %s", (value) => {
    expect(parseSettings({ GUARD_STORAGE: value }).storage).toEqual({ connectionString: value });
  });

  it.each(["garbage", "AccountName=guardledger", "TableEndpoint=not-a-url;SharedAccessSignature=sig", "=x;y"])("refuses %j as a setting problem that never echoes the value", (value) => {
    let error: unknown;
    try {
      parseSettings({ GUARD_STORAGE: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as SettingsError).problems).toEqual([expect.stringMatching(/^GUARD_STORAGE: is not a storage connection string: expected AccountName=…;AccountKey=…/)]);
    expect((error as SettingsError).message).not.toContain(value);
  });
});
