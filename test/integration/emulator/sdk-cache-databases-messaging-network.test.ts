import { CosmosDBManagementClient } from "@azure/arm-cosmosdb";
import { EventGridManagementClient } from "@azure/arm-eventgrid";
import { EventHubManagementClient } from "@azure/arm-eventhub";
import { MonitorClient } from "@azure/arm-monitor";
import { MySQLManagementFlexibleServerClient } from "@azure/arm-mysql-flexible";
import { NetworkManagementClient } from "@azure/arm-network";
import { PostgreSQLManagementFlexibleServerClient } from "@azure/arm-postgresql-flexible";
import { RedisManagementClient } from "@azure/arm-rediscache";
import { ResourceManagementClient } from "@azure/arm-resources";
import { ServiceBusManagementClient } from "@azure/arm-servicebus";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SUBSCRIPTION_ID, type RunningEmulator } from "../../../emulator/index.ts";
import { credential, fastPolling, requestsTo, sdkOptions, start } from "./harness.ts";

const SUB = DEMO_SUBSCRIPTION_ID;
const rg = (group: string) => `/subscriptions/${SUB}/resourceGroups/${group}/providers`;

describe.each(["async", "sync"] as const)("the catalog's SDK clients against the emulator (lro %s)", (lro) => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await start({ estate: "demo", lro });
  });
  afterAll(() => emu.stop());

  it("arm-rediscache: reads and updates a cache through the LRO", async () => {
    const client = new RedisManagementClient(credential, SUB, sdkOptions(emu));
    expect(await client.redis.get("rg-web-prod", "redis-sessions")).toMatchObject({ minimumTlsVersion: "1.0", enableNonSslPort: true });
    const updated = await client.redis.beginUpdateAndWait("rg-web-prod", "redis-sessions", { minimumTlsVersion: "1.2", enableNonSslPort: false }, fastPolling);
    expect(updated).toMatchObject({ minimumTlsVersion: "1.2", enableNonSslPort: false });
    const names: string[] = [];
    for await (const cache of client.redis.listBySubscription()) names.push(cache.name!);
    expect(names.sort()).toEqual(["redis-catalog", "redis-sessions"]);
  });

  it("arm-postgresql-flexible: lists, puts and patches server parameters", async () => {
    const client = new PostgreSQLManagementFlexibleServerClient(credential, SUB, sdkOptions(emu));
    const names: string[] = [];
    for await (const config of client.configurations.listByServer("rg-data-prod", "pg-orders")) names.push(`${config.name}=${config.value}`);
    expect(names).toEqual(["require_secure_transport=off", "ssl_min_protocol_version=TLSv1"]);
    const put = await client.configurations.beginPutAndWait("rg-data-prod", "pg-orders", "require_secure_transport", { value: "on", source: "user-override" }, fastPolling);
    expect(put.value).toBe("on");
    const patched = await client.configurations.beginUpdateAndWait("rg-data-prod", "pg-orders", "ssl_min_protocol_version", { value: "TLSv1.2", source: "user-override" }, fastPolling);
    expect(patched).toMatchObject({ value: "TLSv1.2", defaultValue: "TLSv1.2" });
  });

  it("arm-mysql-flexible: patches one parameter and batch-updates through POST updateConfigurations", async () => {
    const client = new MySQLManagementFlexibleServerClient(credential, SUB, sdkOptions(emu));
    const one = await client.configurations.beginUpdateAndWait("rg-legacy", "mysql-crm", "require_secure_transport", { value: "ON", source: "user-override" }, fastPolling);
    expect(one.value).toBe("ON");
    await client.configurations.beginBatchUpdateAndWait("rg-legacy", "mysql-crm", { value: [{ name: "tls_version", value: "TLSv1.2", source: "user-override" }] }, fastPolling);
    expect((await client.configurations.get("rg-legacy", "mysql-crm", "tls_version")).value).toBe("TLSv1.2");
    expect(requestsTo(emu, "POST", "/mysql-crm/updateConfigurations").at(-1)?.body).toEqual({ value: [{ name: "tls_version", properties: { value: "TLSv1.2", source: "user-override" } }] });
  });

  it("arm-cosmosdb (modular): lists in one page and updates through the LRO", async () => {
    const client = new CosmosDBManagementClient(credential, SUB, { ...sdkOptions(emu) });
    const names: string[] = [];
    for await (const account of client.databaseAccounts.list()) names.push(`${account.name}:${account.minimalTlsVersion}`);
    expect(names.sort()).toEqual(["cosmos-catalog:Tls", "cosmos-orders:Tls12"]);
    const updated = await client.databaseAccounts.update("rg-data-prod", "cosmos-catalog", { minimalTlsVersion: "Tls12" }, fastPolling);
    expect(updated.minimalTlsVersion).toBe("Tls12");
  });

  it("arm-eventhub (modular): updates a namespace with a synchronous PATCH", async () => {
    const client = new EventHubManagementClient(credential, SUB, sdkOptions(emu));
    const updated = await client.namespaces.update("rg-data-prod", "evh-telemetry", { location: "westeurope", minimumTlsVersion: "1.2" });
    expect(updated?.minimumTlsVersion).toBe("1.2");
    expect(requestsTo(emu, "PATCH", "/evh-telemetry").at(-1)?.status).toBe(200);
  });

  it("arm-servicebus: the typed client cannot see minimumTlsVersion, the generic resources API reads and patches it", async () => {
    const id = `${rg("rg-legacy")}/Microsoft.ServiceBus/namespaces/sb-orders-legacy`;
    const typed = await new ServiceBusManagementClient(credential, SUB, sdkOptions(emu)).namespaces.get("rg-legacy", "sb-orders-legacy");
    expect(typed).not.toHaveProperty("minimumTlsVersion");
    const resources = new ResourceManagementClient(credential, SUB, sdkOptions(emu));
    expect((await resources.resources.getById(id, "2022-10-01-preview")).properties).toMatchObject({ minimumTlsVersion: "1.0" });
    const patched = await resources.resources.updateById(id, "2022-10-01-preview", { properties: { minimumTlsVersion: "1.2" } }, fastPolling);
    expect(patched.properties).toMatchObject({ minimumTlsVersion: "1.2", status: "Active" });
  });

  it("arm-eventgrid: updates a topic through the LRO; its model has no TLS field, the generic API patches that", async () => {
    const client = new EventGridManagementClient(credential, SUB, sdkOptions(emu));
    await client.topics.beginUpdateAndWait("rg-web-prod", "egt-orders", { tags: { owner: "orders" } }, fastPolling);
    const id = `${rg("rg-web-prod")}/Microsoft.EventGrid/topics/egt-orders`;
    expect(emu.store.get(id)?.tags).toEqual({ owner: "orders" });
    const resources = new ResourceManagementClient(credential, SUB, sdkOptions(emu));
    await resources.resources.updateById(id, "2025-02-15", { properties: { minimumTlsVersionAllowed: "1.2" } }, fastPolling);
    expect(emu.store.get(id)?.properties).toMatchObject({ minimumTlsVersionAllowed: "1.2", inputSchema: "EventGridSchema" });
    const domains: string[] = [];
    for await (const domain of client.domains.listBySubscription()) domains.push(domain.name!);
    expect(domains).toEqual(["egd-platform"]);
  });

  it("arm-network (modular): reads gateways and updates tags (200 only)", async () => {
    const client = new NetworkManagementClient(credential, SUB, sdkOptions(emu));
    expect((await client.applicationGateways.get("rg-web-prod", "agw-public")).sslPolicy).toMatchObject({ policyType: "Predefined", policyName: "AppGwSslPolicy20150501" });
    const tagged = await client.applicationGateways.updateTags("rg-web-prod", "agw-public", { tags: { owner: "edge" } });
    expect(tagged.tags).toEqual({ owner: "edge" });
    const names: string[] = [];
    for await (const gw of client.applicationGateways.listAll()) names.push(gw.name!);
    expect(names).toHaveLength(3);
  });

  it("arm-monitor (modular): lists and creates diagnostic settings under a resource uri with a leading slash", async () => {
    const client = new MonitorClient(credential, SUB, sdkOptions(emu));
    const vault = `${rg("rg-legacy")}/Microsoft.KeyVault/vaults/kv-legacy`;
    const before: string[] = [];
    for await (const setting of client.diagnosticSettings.list(vault)) before.push(setting.name!);
    expect(before).toEqual([]);
    const workspaceId = `${rg("rg-monitoring")}/Microsoft.OperationalInsights/workspaces/law-security`;
    const created = await client.diagnosticSettings.createOrUpdate(vault, "guard-audit", { workspaceId, logs: [{ category: "AuditEvent", enabled: true }] });
    expect(created).toMatchObject({ name: "guard-audit", workspaceId });
    expect(requestsTo(emu, "PUT", "/diagnosticSettings/guard-audit").at(-1)?.status).toBe(200);
    const after: string[] = [];
    for await (const setting of client.diagnosticSettings.list(vault)) after.push(setting.name!);
    expect(after).toEqual(["guard-audit"]);
  });
});
