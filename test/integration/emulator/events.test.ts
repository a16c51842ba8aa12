import { SqlManagementClient } from "@azure/arm-sql";
import { StorageManagementClient } from "@azure/arm-storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SDK_CALLER, DEFAULT_WRITE_ACTOR, DEMO_SUBSCRIPTION_ID, DEMO_TENANT_ID, type RunningEmulator } from "../../../emulator/index.ts";
import { credential, fastPolling, sdkOptions, start, webhookReceiver } from "./harness.ts";

const SUB = DEMO_SUBSCRIPTION_ID;
const OID = "http://schemas.microsoft.com/identity/claims/objectidentifier";
const RG = `/subscriptions/${SUB}/resourceGroups`;

/** An unsigned JWT, as a token credential would hand one over (the emulator does not check signatures). */
function jwt(claims: Record<string, string>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.signature`;
}

describe("emulator Event Grid delivery", () => {
  let emu: RunningEmulator;
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;
  beforeAll(async () => {
    emu = await start({ estate: "demo", eventRetry: { delayMs: 1 } });
    hook = await webhookReceiver();
    emu.webhooks.add(hook.url);
  });
  afterAll(async () => {
    await emu.stop();
    await hook.close();
  });

  it("delivers ResourceWriteSuccess in Event Grid schema for an SDK write, with the caller's claims", async () => {
    hook.received.length = 0;
    const caller = { appid: "11111111-2222-4333-8444-555555555555", oid: "66666666-7777-4888-8999-000000000000" };
    const jwtCredential = { getToken: async () => ({ token: jwt(caller), expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const client = new StorageManagementClient(jwtCredential, SUB, sdkOptions(emu));
    await client.storageAccounts.update("rg-legacy", "stlegacyreports", { minimumTlsVersion: "TLS1_2" }, { requestOptions: { headers: { "x-ms-correlation-request-id": "corr-1" } } });
    await emu.flushEvents();
    const id = `${RG}/rg-legacy/providers/Microsoft.Storage/storageAccounts/stlegacyreports`;
    expect(hook.received).toEqual([
      [
        {
          id: expect.any(String),
          topic: `/subscriptions/${SUB}`,
          subject: id,
          eventType: "Microsoft.Resources.ResourceWriteSuccess",
          eventTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          data: expect.objectContaining({
            resourceUri: id,
            operationName: "Microsoft.Storage/storageAccounts/write",
            resourceProvider: "Microsoft.Storage",
            status: "Succeeded",
            subscriptionId: SUB,
            tenantId: DEMO_TENANT_ID,
            correlationId: "corr-1",
            authorization: expect.objectContaining({ scope: id, action: "Microsoft.Storage/storageAccounts/write" }),
            claims: expect.objectContaining({ appid: caller.appid, [OID]: caller.oid }),
          }),
          dataVersion: "2",
          metadataVersion: "1",
        },
      ],
    ]);
  });

  it("reports a child's full type and id for a TDE write, and takes the caller from x-emulator-appid or the default", async () => {
    hook.received.length = 0;
    const opaqueToken = { getToken: async () => ({ token: "not-a-jwt", expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const sql = new SqlManagementClient(opaqueToken, SUB, sdkOptions(emu));
    await sql.transparentDataEncryptions.beginCreateOrUpdateAndWait("rg-legacy", "sql-legacy", "legacydb", "current", { state: "Enabled" }, fastPolling);
    const storage = new StorageManagementClient(credential, SUB, sdkOptions(emu));
    await storage.storageAccounts.update("rg-web-prod", "stpublicassets", { tags: { a: "b" } }, { requestOptions: { headers: { "x-emulator-appid": "appid-from-header" } } });
    await emu.flushEvents();
    const events = hook.received.flat() as Array<{ subject: string; data: { operationName: string; claims: Record<string, string> } }>;
    expect(events.map((e) => [e.subject, e.data.operationName, e.data.claims.appid])).toEqual([
      [
        `${RG}/rg-legacy/providers/Microsoft.Sql/servers/sql-legacy/databases/legacydb/transparentDataEncryption/current`,
        "Microsoft.Sql/servers/databases/transparentDataEncryption/write",
        DEFAULT_SDK_CALLER.appid,
      ],
      [`${RG}/rg-web-prod/providers/Microsoft.Storage/storageAccounts/stpublicassets`, "Microsoft.Storage/storageAccounts/write", "appid-from-header"],
    ]);
  });

  it("write() changes a resource out of band and emits the event with the actor's claims", async () => {
    hook.received.length = 0;
    const id = `${RG}/rg-web-prod/providers/Microsoft.Web/sites/func-billing`;
    const doc = emu.write(id, { properties: { httpsOnly: false }, tags: { changed: "by-hand" } }, { oid: "99999999-0000-4000-8000-000000000009" });
    expect(doc.properties).toMatchObject({ httpsOnly: false, state: "Running" });
    expect(doc.tags).toEqual({ "data-classification": "general", changed: "by-hand" });
    expect(doc.systemData).toMatchObject({ lastModifiedBy: DEFAULT_WRITE_ACTOR.appid, lastModifiedByType: "Application" });
    await emu.flushEvents();
    const [event] = hook.received.flat() as Array<{ subject: string; data: { operationName: string; claims: Record<string, string> } }>;
    expect(event).toMatchObject({ subject: id, data: { operationName: "Microsoft.Web/sites/write", claims: { appid: DEFAULT_WRITE_ACTOR.appid, [OID]: "99999999-0000-4000-8000-000000000009" } } });
  });

  it("retries a failing webhook and records every delivery", async () => {
    const flaky = await webhookReceiver([500, 503]);
    emu.webhooks.add(flaky.url);
    try {
      emu.write(`${RG}/rg-legacy/providers/Microsoft.KeyVault/vaults/kv-legacy`, { properties: { enableSoftDelete: true } });
      await emu.flushEvents();
      expect(flaky.received).toHaveLength(1);
      const delivery = emu.webhooks.delivered.find((d) => d.url === flaky.url);
      expect(delivery).toMatchObject({ delivered: true, attempts: 3, status: 200 });
    } finally {
      emu.webhooks.remove(flaky.url);
      await flaky.close();
    }
  });
});
