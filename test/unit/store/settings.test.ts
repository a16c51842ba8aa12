import { describe, expect, it } from "vitest";
import { parseSettings, SettingsError } from "../../../shared/config/settings.ts";
import { allowsPlainHttp } from "../../../shared/store/connection.ts";

/** The settings of the ledger, the work queue, the loop guard and pacing. */
describe("reliability settings", () => {
  it("reads a storage connection string, or an identity-based account, like the Functions host's connections", () => {
    expect(parseSettings({ GUARD_STORAGE: "UseDevelopmentStorage=true" }).storage).toEqual({ connectionString: "UseDevelopmentStorage=true" });
    expect(parseSettings({ GUARD_STORAGE__accountName: "guardledger" }).storage).toEqual({
      queueUrl: "https://guardledger.queue.core.windows.net",
      tableUrl: "https://guardledger.table.core.windows.net",
    });
    expect(parseSettings({}).storage).toBeUndefined();
  });

  it("needs both service URIs when the account name is not given", () => {
    expect(() => parseSettings({ GUARD_STORAGE__queueServiceUri: "https://a.queue.core.windows.net" })).toThrow("set both, or GUARD_STORAGE__accountName");
  });

  it("takes an empty value, as the sample settings have, as not set", () => {
    const settings = parseSettings({ GUARD_SERVICE_APP_ID: "", GUARD_SERVICE_OBJECT_ID: " ", GUARD_TABLE_PREFIX: "", AZURE_CLIENT_ID: "", GUARD_MAX_DEQUEUE_COUNT: "", GUARD_STORAGE: "" });
    expect(settings).not.toHaveProperty("serviceIdentity");
    expect(settings).not.toHaveProperty("tablePrefix");
    expect(settings).not.toHaveProperty("maxDequeueCount");
    expect(settings).not.toHaveProperty("storage");
  });

  it("reads the service identity, the dequeue count and the ARM refill rates", () => {
    const settings = parseSettings({ GUARD_SERVICE_APP_ID: "5a0c3f7e-1111-4c2d-9e8f-0000000000a1", GUARD_MAX_DEQUEUE_COUNT: "3", GUARD_ARM_READS_PER_SECOND: "12.5" });
    expect(settings).toMatchObject({ serviceIdentity: { appId: "5a0c3f7e-1111-4c2d-9e8f-0000000000a1" }, maxDequeueCount: 3, armRates: { reads: 12.5 } });
  });

  it("names every bad one", () => {
    let error: unknown;
    try {
      parseSettings({
        GUARD_SERVICE_APP_ID: "me",
        GUARD_MAX_DEQUEUE_COUNT: "2.5",
        GUARD_ARM_WRITES_PER_SECOND: "-1",
        GUARD_TABLE_PREFIX: "guard-ledger",
        GUARD_STORAGE__accountName: "Not_An_Account",
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingsError);
    const problems = (error as SettingsError).problems.join("\n");
    for (const name of ["GUARD_SERVICE_APP_ID", "GUARD_MAX_DEQUEUE_COUNT", "GUARD_ARM_WRITES_PER_SECOND", "GUARD_TABLE_PREFIX", "GUARD_STORAGE__accountName"]) expect(problems).toContain(name);
  });
});

describe("plain http to storage", () => {
  it("is allowed for Azurite on this machine only", () => {
    expect(allowsPlainHttp({ connectionString: "UseDevelopmentStorage=true" })).toBe(true);
    expect(
      allowsPlainHttp({
        connectionString:
          "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=k;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;QueueEndpoint=http://localhost:10001/devstoreaccount1",
      }),
    ).toBe(true);
    expect(allowsPlainHttp({ connectionString: "DefaultEndpointsProtocol=http;AccountName=a;AccountKey=k;TableEndpoint=http://a.table.example.com" })).toBe(false);
    expect(allowsPlainHttp({ connectionString: "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=k;EndpointSuffix=core.windows.net" })).toBe(false);
  });
});
