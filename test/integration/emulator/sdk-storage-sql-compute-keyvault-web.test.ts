import { WebSiteManagementClient } from "@azure/arm-appservice";
import { ComputeManagementClient } from "@azure/arm-compute";
import { KeyVaultManagementClient } from "@azure/arm-keyvault";
import { ResourceManagementClient } from "@azure/arm-resources";
import { SqlManagementClient } from "@azure/arm-sql";
import { StorageManagementClient } from "@azure/arm-storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SUBSCRIPTION_ID, type RunningEmulator } from "../../../emulator/index.ts";
import { credential, fastPolling, requestsTo, sdkOptions, start } from "./harness.ts";

const SUB = DEMO_SUBSCRIPTION_ID;

describe("the foundation's SDK clients against the emulator", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await start({ estate: "demo", pageSize: 2 });
  });
  afterAll(() => emu.stop());

  describe("arm-storage (modular)", () => {
    const client = () => new StorageManagementClient(credential, SUB, sdkOptions(emu));

    it("gets an account with the wire names mapped", async () => {
      const account = await client().storageAccounts.getProperties("rg-legacy", "stlegacyreports");
      expect(account).toMatchObject({ name: "stlegacyreports", minimumTlsVersion: "TLS1_0", enableHttpsTrafficOnly: false });
    });

    it("lists over several pages, following nextLink", async () => {
      emu.clearRequests();
      const names: string[] = [];
      for await (const account of client().storageAccounts.list()) names.push(account.name!);
      expect(names).toEqual(["stdatalake01", "stlegacyreports", "stpaymentsprod", "stpublicassets"]);
      expect(requestsTo(emu, "GET", "/storageAccounts").map((r) => r.status)).toEqual([200, 200]);
    });

    it("lists by resource group", async () => {
      const names: string[] = [];
      for await (const account of client().storageAccounts.listByResourceGroup("rg-web-prod")) names.push(account.name!);
      expect(names).toEqual(["stpublicassets"]);
    });

    it("updates with PATCH (200 only), merging into the stored document", async () => {
      emu.clearRequests();
      const updated = await client().storageAccounts.update("rg-data-prod", "stdatalake01", { minimumTlsVersion: "TLS1_2", tags: { "data-classification": "general" } });
      expect(updated).toMatchObject({ minimumTlsVersion: "TLS1_2", enableHttpsTrafficOnly: true, tags: { "data-classification": "general" } });
      expect(emu.requests.map((r) => [r.method, r.status])).toEqual([["PATCH", 200]]);
      const stored = emu.store.get(`/subscriptions/${SUB}/resourceGroups/rg-data-prod/providers/Microsoft.Storage/storageAccounts/stdatalake01`);
      expect(stored?.properties).toMatchObject({ minimumTlsVersion: "TLS1_2", supportsHttpsTrafficOnly: true, encryption: { keySource: "Microsoft.Storage" } });
    });

    // arm-storage 20.0.0 sent `{}` when only these (mis-cased in its presence check) were set; 21.0.0 does not.
    it.each([
      ["enableHttpsTrafficOnly", true, { supportsHttpsTrafficOnly: true }],
      ["allowBlobPublicAccess", false, { allowBlobPublicAccess: false }],
      ["networkRuleSet", { defaultAction: "Deny" }, { networkAcls: { defaultAction: "Deny" } }],
      ["isSftpEnabled", false, { isSftpEnabled: false }],
      ["isLocalUserEnabled", false, { isLocalUserEnabled: false }],
      ["enableExtendedGroups", false, { enableExtendedGroups: false }],
      ["routingPreference", { routingChoice: "MicrosoftRouting" }, { routingPreference: { routingChoice: "MicrosoftRouting" } }],
      ["immutableStorageWithVersioning", { enabled: true }, { immutableStorageWithVersioning: { enabled: true } }],
    ])("sends %s alone in the PATCH body", async (name, value, wire) => {
      emu.clearRequests();
      await client().storageAccounts.update("rg-web-prod", "stpublicassets", { [name]: value });
      expect(emu.requests[0]?.body).toEqual({ properties: wire });
    });

    it("fails a get of a missing account with the 404 code", async () => {
      await expect(client().storageAccounts.getProperties("rg-legacy", "nosuch")).rejects.toMatchObject({ statusCode: 404, code: "ResourceNotFound" });
    });
  });

  describe("arm-sql (classic)", () => {
    const client = () => new SqlManagementClient(credential, SUB, sdkOptions(emu));

    it("lists servers and databases over several pages (nextLink sent verbatim)", async () => {
      const databases: string[] = [];
      for await (const db of client().databases.listByServer("rg-payments-prod", "sql-payments-prod")) databases.push(db.name!);
      expect(databases).toEqual(["ledger", "master", "payments"]);
      const servers: string[] = [];
      for await (const server of client().servers.list()) servers.push(`${server.name}:${server.minimalTlsVersion}`);
      expect(servers).toEqual(["sql-legacy:None", "sql-payments-prod:1.2"]);
    });

    it("reads TDE with the database id and the name current, as the service does", async () => {
      const tde = await client().transparentDataEncryptions.get("rg-payments-prod", "sql-payments-prod", "ledger", "current");
      expect(tde).toMatchObject({ name: "current", state: "Disabled", id: `/subscriptions/${SUB}/resourceGroups/rg-payments-prod/providers/Microsoft.Sql/servers/sql-payments-prod/databases/ledger` });
    });

    it("enables TDE through the LRO (202 + Azure-AsyncOperation, then the original URI)", async () => {
      emu.clearRequests();
      const tde = await client().transparentDataEncryptions.beginCreateOrUpdateAndWait("rg-payments-prod", "sql-payments-prod", "ledger", "current", { state: "Enabled" }, fastPolling);
      expect(tde.state).toBe("Enabled");
      expect(emu.requests.map((r) => [r.method, r.status, r.path.includes("operationStatuses")])).toEqual([
        ["PUT", 202, false],
        ["GET", 200, true],
        ["GET", 200, false],
      ]);
    });

    it("updates a server through the LRO (PATCH, rlc location)", async () => {
      const server = await client().servers.beginUpdateAndWait("rg-legacy", "sql-legacy", { minimalTlsVersion: "1.2" }, fastPolling);
      expect(server.minimalTlsVersion).toBe("1.2");
      expect(requestsTo(emu, "PATCH", "/servers/sql-legacy").at(-1)?.body).toEqual({ properties: { minimalTlsVersion: "1.2" } });
    });

    it("reads the encryption protector", async () => {
      const protector = await client().encryptionProtectors.get("rg-payments-prod", "sql-payments-prod", "current");
      expect(protector).toMatchObject({ serverKeyType: "AzureKeyVault", kind: "azurekeyvault" });
    });
  });

  describe("arm-compute (modular)", () => {
    const client = () => new ComputeManagementClient(credential, SUB, sdkOptions(emu));

    it("lists disks over several pages and VMs by subscription", async () => {
      const disks: string[] = [];
      for await (const disk of client().disks.list()) disks.push(`${disk.name}:${disk.encryption?.type}`);
      expect(disks).toEqual([
        "disk-data-cmk:EncryptionAtRestWithCustomerKey",
        "disk-data-platform:EncryptionAtRestWithPlatformKey",
        "disk-payments-double:EncryptionAtRestWithPlatformAndCustomerKeys",
      ]);
      const vms: string[] = [];
      for await (const vm of client().virtualMachines.listAll()) vms.push(vm.name!);
      expect(vms).toHaveLength(4);
    });

    it("updates a VM through the modular LRO poller", async () => {
      emu.clearRequests();
      const vm = await client().virtualMachines.update("rg-web-prod", "vm-web-01", { securityProfile: { encryptionAtHost: true } }, fastPolling);
      expect(vm.securityProfile?.encryptionAtHost).toBe(true);
      expect(emu.requests.map((r) => [r.method, r.status])).toEqual([
        ["PATCH", 202],
        ["GET", 200],
        ["GET", 200],
      ]);
    });

    // arm-compute 24.1.0 sent `{}` when only the IOPS properties were set; 25.1.1 does not.
    it("sends diskIopsReadWrite alone in the PATCH body, under its wire name", async () => {
      emu.clearRequests();
      await client().disks.update("rg-data-prod", "disk-data-cmk", { diskIopsReadWrite: 600 }, fastPolling);
      expect(emu.requests[0]?.body).toEqual({ properties: { diskIOPSReadWrite: 600 } });
    });

    it("updates a disk through the modular LRO poller", async () => {
      const disk = await client().disks.update("rg-data-prod", "disk-data-platform", { networkAccessPolicy: "DenyAll", tags: { owner: "data" } }, fastPolling);
      expect(disk).toMatchObject({ networkAccessPolicy: "DenyAll", tags: { owner: "data" }, encryption: { type: "EncryptionAtRestWithPlatformKey" } });
    });
  });

  describe("arm-keyvault (modular, not flattened)", () => {
    const client = () => new KeyVaultManagementClient(credential, SUB, sdkOptions(emu));

    it("gets and lists vaults with complete properties", async () => {
      const vault = await client().vaults.get("rg-legacy", "kv-legacy");
      expect(vault.properties).toMatchObject({ enableSoftDelete: false, sku: { name: "standard" } });
      expect(vault.properties.accessPolicies).toHaveLength(2);
      const names: string[] = [];
      for await (const v of client().vaults.listBySubscription()) names.push(v.name!);
      expect(names.sort()).toEqual(["kv-apps-prod", "kv-legacy", "kv-payments-prod"]);
    });

    it("updates a vault with PATCH", async () => {
      const vault = await client().vaults.update("rg-legacy", "kv-legacy", { properties: { enablePurgeProtection: true } });
      expect(vault.properties).toMatchObject({ enablePurgeProtection: true, enableSoftDelete: false });
    });
  });

  describe("arm-appservice (modular)", () => {
    const client = () => new WebSiteManagementClient(credential, SUB, sdkOptions(emu));

    it("returns siteConfig with nulls on a site GET and the real values from config/web", async () => {
      const site = await client().webApps.get("rg-web-prod", "app-checkout");
      expect(site.httpsOnly).toBe(false);
      expect(site.siteConfig?.minTlsVersion ?? null).toBeNull();
      const config = await client().webApps.getConfiguration("rg-web-prod", "app-checkout");
      expect(config).toMatchObject({ minTlsVersion: "1.0", ftpsState: "AllAllowed" });
    });

    it("updates the site (200) and config/web (PATCH 200), keeping them consistent", async () => {
      const site = await client().webApps.update("rg-web-prod", "app-checkout", { httpsOnly: true });
      expect(site.httpsOnly).toBe(true);
      const config = await client().webApps.updateConfiguration("rg-web-prod", "app-checkout", { minTlsVersion: "1.2", ftpsState: "FtpsOnly" });
      expect(config).toMatchObject({ minTlsVersion: "1.2", ftpsState: "FtpsOnly", http20Enabled: false });
      await client().webApps.update("rg-web-prod", "app-checkout", { siteConfig: { http20Enabled: true } });
      expect((await client().webApps.getConfiguration("rg-web-prod", "app-checkout")).http20Enabled).toBe(true);
      const listed: string[] = [];
      for await (const s of client().webApps.list()) listed.push(`${s.name}:${s.httpsOnly}`);
      expect(listed).toEqual(["app-payments-api:true", "app-checkout:true", "func-billing:true"]);
    });
  });
});

describe("creating and deleting through the SDK clients", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await start({ estate: "demo" });
  });
  afterAll(() => emu.stop());

  it("creates a resource group, a storage account (LRO) and a SQL server with a database whose TDE and protector come with them", async () => {
    const resources = new ResourceManagementClient(credential, SUB, sdkOptions(emu));
    expect((await resources.resourceGroups.createOrUpdate("rg-new", { location: "northeurope" })).name).toBe("rg-new");
    const storage = new StorageManagementClient(credential, SUB, sdkOptions(emu));
    const account = await storage.storageAccounts.create("rg-new", "stnew01", { location: "northeurope", kind: "StorageV2", sku: { name: "Standard_LRS" }, minimumTlsVersion: "TLS1_2" }, fastPolling);
    expect(account).toMatchObject({ name: "stnew01", minimumTlsVersion: "TLS1_2", provisioningState: "Succeeded" });
    const sql = new SqlManagementClient(credential, SUB, sdkOptions(emu));
    await sql.servers.beginCreateOrUpdateAndWait("rg-new", "sql-new", { location: "northeurope", minimalTlsVersion: "1.2" }, fastPolling);
    await sql.databases.beginCreateOrUpdateAndWait("rg-new", "sql-new", "app", { location: "northeurope" }, fastPolling);
    expect((await sql.transparentDataEncryptions.get("rg-new", "sql-new", "app", "current")).state).toBe("Enabled");
    expect((await sql.encryptionProtectors.get("rg-new", "sql-new", "current")).serverKeyType).toBe("ServiceManaged");
  });

  it("refuses a child under a missing parent and a resource in a missing group", async () => {
    const sql = new SqlManagementClient(credential, SUB, sdkOptions(emu));
    await expect(sql.databases.beginCreateOrUpdateAndWait("rg-legacy", "nosuch", "db", { location: "westeurope" }, fastPolling)).rejects.toMatchObject({
      statusCode: 404,
      code: "ParentResourceNotFound",
    });
    const storage = new StorageManagementClient(credential, SUB, sdkOptions(emu));
    await expect(storage.storageAccounts.create("rg-nosuch", "stx", { location: "westeurope", kind: "StorageV2", sku: { name: "Standard_LRS" } }, fastPolling)).rejects.toMatchObject({
      statusCode: 404,
      code: "ResourceGroupNotFound",
    });
  });

  it("deletes a resource with its children (200, then 204 when already gone)", async () => {
    const sql = new SqlManagementClient(credential, SUB, sdkOptions(emu));
    await sql.databases.beginDeleteAndWait("rg-legacy", "sql-legacy", "legacydb", fastPolling);
    await sql.databases.beginDeleteAndWait("rg-legacy", "sql-legacy", "legacydb", fastPolling);
    expect(requestsTo(emu, "DELETE", "/databases/legacydb").map((r) => r.status)).toEqual([200, 204]);
    await expect(sql.transparentDataEncryptions.get("rg-legacy", "sql-legacy", "legacydb", "current")).rejects.toMatchObject({ code: "ParentResourceNotFound" });
    expect(emu.events.at(-1)).toMatchObject({ eventType: "Microsoft.Resources.ResourceDeleteSuccess", data: { operationName: "Microsoft.Sql/servers/databases/delete" } });
  });
});
