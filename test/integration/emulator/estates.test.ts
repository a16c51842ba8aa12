import { describe, expect, it } from "vitest";
import { DEMO_SUBSCRIPTION_ID, demoEstate, generateEstate } from "../../../emulator/index.ts";
import { start } from "./harness.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

/** Documents the controls read alongside a resource; they do not count as resources of an estate. */
const CHILD_TYPES = new Set(
  [
    "Microsoft.Sql/servers/databases/transparentDataEncryption",
    "Microsoft.KeyVault/vaults/keys",
    "Microsoft.KeyVault/vaults/secrets",
    "Microsoft.Sql/servers/encryptionProtector",
    "Microsoft.Web/sites/config",
    "Microsoft.DBforPostgreSQL/flexibleServers/configurations",
    "Microsoft.DBforMySQL/flexibleServers/configurations",
    "Microsoft.Insights/diagnosticSettings",
    "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems",
    "Microsoft.DataProtection/backupVaults/backupInstances",
    "Microsoft.Cdn/profiles/customDomains",
    "Microsoft.Sql/managedInstances/encryptionProtector",
  ].map((t) => t.toLowerCase()),
);
const resourcesOf = (docs: ArmDocument[]) => docs.filter((d) => !CHILD_TYPES.has(d.type.toLowerCase()));
const typesOf = (docs: ArmDocument[]) => new Set(docs.map((d) => d.type));
const classification = (doc: ArmDocument) => Object.entries(doc.tags ?? {}).find(([k]) => k.toLowerCase() === "data-classification")?.[1];
const valuesAt = (docs: ArmDocument[], type: string, read: (d: ArmDocument) => unknown) => new Set(docs.filter((d) => d.type === type).map(read));
const props = (d: ArmDocument) => (d.properties ?? {}) as Record<string, any>;

const EVERY_TYPE = [
  "Microsoft.Storage/storageAccounts",
  "Microsoft.Sql/servers",
  "Microsoft.Sql/servers/databases",
  "Microsoft.Sql/servers/databases/transparentDataEncryption",
  "Microsoft.Sql/servers/encryptionProtector",
  "Microsoft.Compute/disks",
  "Microsoft.Compute/virtualMachines",
  "Microsoft.KeyVault/vaults",
  "Microsoft.Insights/diagnosticSettings",
  "Microsoft.Web/sites",
  "Microsoft.Web/sites/config",
  "Microsoft.Cache/redis",
  "Microsoft.DBforPostgreSQL/flexibleServers",
  "Microsoft.DBforPostgreSQL/flexibleServers/configurations",
  "Microsoft.DBforMySQL/flexibleServers",
  "Microsoft.DBforMySQL/flexibleServers/configurations",
  "Microsoft.DocumentDB/databaseAccounts",
  "Microsoft.EventHub/namespaces",
  "Microsoft.ServiceBus/namespaces",
  "Microsoft.EventGrid/topics",
  "Microsoft.EventGrid/domains",
  "Microsoft.Network/applicationGateways",
  "Microsoft.RecoveryServices/vaults",
  "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems",
  "Microsoft.DataProtection/backupVaults",
  "Microsoft.DataProtection/backupVaults/backupInstances",
  "Microsoft.ContainerService/managedClusters",
  "Microsoft.Compute/virtualMachineScaleSets",
  "Microsoft.ApiManagement/service",
  "Microsoft.Cdn/profiles",
  "Microsoft.Cdn/profiles/customDomains",
  "Microsoft.Network/frontDoors",
  "Microsoft.Sql/managedInstances",
  "Microsoft.Sql/managedInstances/encryptionProtector",
];
/** The key lifecycle's types: the demo estate has them; generated (benchmark) estates do not yet. */
const KEY_LIFECYCLE_TYPES = ["Microsoft.KeyVault/vaults/keys", "Microsoft.KeyVault/vaults/secrets", "Microsoft.KeyVault/managedHSMs", "Microsoft.Compute/diskEncryptionSets"];

describe("demo estate", () => {
  const docs = demoEstate(DEMO_SUBSCRIPTION_ID);

  it("has 55 resources of every covered type, with the child documents their controls read", () => {
    expect(resourcesOf(docs)).toHaveLength(55);
    expect([...typesOf(docs)].sort()).toEqual([...EVERY_TYPE, ...KEY_LIFECYCLE_TYPES].sort());
  });

  it("mixes compliant and non-compliant settings of each type", () => {
    const config = (name: string) => (d: ArmDocument) => (d.name === name ? props(d).value : "other");
    const expectations: Array<[string, (d: ArmDocument) => unknown, unknown[]]> = [
      ["Microsoft.Storage/storageAccounts", (d) => props(d).minimumTlsVersion, ["TLS1_0", undefined, "TLS1_2"]],
      ["Microsoft.Storage/storageAccounts", (d) => props(d).supportsHttpsTrafficOnly, [false, true]],
      ["Microsoft.Storage/storageAccounts", (d) => props(d).encryption.keySource, ["Microsoft.Storage", "Microsoft.Keyvault"]],
      ["Microsoft.Sql/servers", (d) => props(d).minimalTlsVersion, ["None", "1.2"]],
      ["Microsoft.Sql/servers/databases/transparentDataEncryption", (d) => props(d).state, ["Enabled", "Disabled"]],
      ["Microsoft.Sql/servers/encryptionProtector", (d) => props(d).serverKeyType, ["ServiceManaged", "AzureKeyVault"]],
      ["Microsoft.Compute/disks", (d) => props(d).encryption.type, ["EncryptionAtRestWithPlatformKey", "EncryptionAtRestWithCustomerKey", "EncryptionAtRestWithPlatformAndCustomerKeys"]],
      ["Microsoft.Compute/virtualMachines", (d) => props(d).securityProfile?.securityType, [undefined, "TrustedLaunch", "ConfidentialVM"]],
      ["Microsoft.Compute/virtualMachines", (d) => props(d).securityProfile?.encryptionAtHost, [undefined, true]],
      ["Microsoft.KeyVault/vaults", (d) => props(d).enableRbacAuthorization, [true, undefined]],
      ["Microsoft.KeyVault/vaults", (d) => props(d).enableSoftDelete, [true, false, undefined]],
      ["Microsoft.Web/sites", (d) => props(d).httpsOnly, [true, false]],
      ["Microsoft.Web/sites/config", (d) => props(d).ftpsState, ["AllAllowed", "Disabled"]],
      ["Microsoft.Cache/redis", (d) => props(d).minimumTlsVersion, ["1.0", undefined]],
      ["Microsoft.DBforPostgreSQL/flexibleServers/configurations", config("require_secure_transport"), ["off", "ON", "other"]],
      ["Microsoft.DBforMySQL/flexibleServers/configurations", config("tls_version"), ["TLSv1,TLSv1.2", "TLSV1.2", "other"]],
      ["Microsoft.DocumentDB/databaseAccounts", (d) => props(d).minimalTlsVersion, ["Tls", "Tls12"]],
      ["Microsoft.EventHub/namespaces", (d) => props(d).minimumTlsVersion, ["1.0", "1.2"]],
      ["Microsoft.ServiceBus/namespaces", (d) => props(d).minimumTlsVersion, ["1.0", "1.2"]],
      ["Microsoft.Network/applicationGateways", (d) => props(d).sslPolicy?.policyName, ["AppGwSslPolicy20150501", "AppGwSslPolicy20220101S", undefined]],
      ["Microsoft.Web/sites/config", (d) => props(d).minTlsCipherSuite, [undefined, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"]],
      ["Microsoft.RecoveryServices/vaults", (d) => props(d).encryption?.infrastructureEncryption, ["Enabled", undefined]],
      ["Microsoft.DataProtection/backupVaults", (d) => props(d).securitySettings.encryptionSettings?.state, ["Enabled"]],
      ["Microsoft.ContainerService/managedClusters", (d) => props(d).securityProfile.azureKeyVaultKms?.enabled, [true, undefined]],
      ["Microsoft.Compute/virtualMachineScaleSets", (d) => props(d).virtualMachineProfile.securityProfile?.encryptionAtHost, [true, undefined]],
      ["Microsoft.ApiManagement/service", (d) => props(d).customProperties["Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Protocols.Tls10"], ["True"]],
      ["Microsoft.Cdn/profiles/customDomains", (d) => props(d).tlsSettings.minimumTlsVersion, ["TLS12", "TLS10"]],
      ["Microsoft.Sql/managedInstances", (d) => props(d).minimalTlsVersion, ["1.2", "None"]],
    ];
    for (const [type, read, values] of expectations) expect({ type, values: valuesAt(docs, type, read) }).toEqual({ type, values: new Set(values) });
    expect(docs.filter((d) => d.name === "master")).toHaveLength(2);
  });

  it("tags data classification at every level, in odd casings, with unknown values and not at all", () => {
    const values = new Set(resourcesOf(docs).map(classification));
    expect(values).toEqual(new Set(["public", "general", "confidential", "Confidential", "highly-confidential", "HIGHLY-CONFIDENTIAL", "secret", undefined]));
  });

  it("loads into the emulator as given", async () => {
    const emu = await start({ estate: "demo" });
    try {
      expect(emu.store.size).toBe(docs.length);
      expect(emu.store.list({ type: "Microsoft.KeyVault/vaults" })).toHaveLength(3);
      expect(
        emu.store
          .list({ resourceGroup: "rg-legacy", type: "Microsoft.Sql/servers/databases" })
          .map((d) => d.name)
          .sort(),
      ).toEqual(["legacydb", "master"]);
    } finally {
      await emu.stop();
    }
  });
});

describe("generated estates", () => {
  const subscriptions = ["11111111-0000-4000-8000-000000000001", "22222222-0000-4000-8000-000000000002"];

  it("have exactly N resources, deterministically per seed", () => {
    const a = generateEstate(1000, subscriptions, 42);
    expect(resourcesOf(a)).toHaveLength(1000);
    expect(generateEstate(1000, subscriptions, 42)).toEqual(a);
    expect(generateEstate(1000, subscriptions, 43)).not.toEqual(a);
    expect(resourcesOf(generateEstate(7, subscriptions, 1))).toHaveLength(7);
    expect(generateEstate(0, subscriptions, 1)).toEqual([]);
  });

  it("spread a realistic mix of every type over the subscriptions and several resource groups", () => {
    const docs = generateEstate(1000, subscriptions, 1);
    const resources = resourcesOf(docs);
    expect([...typesOf(docs)].sort()).toEqual([...EVERY_TYPE].sort());
    const count = (type: string) => resources.filter((d) => d.type === type).length;
    expect(count("Microsoft.Storage/storageAccounts")).toBeGreaterThan(count("Microsoft.Cache/redis"));
    expect(new Set(resources.map((d) => d.id.split("/")[2]))).toEqual(new Set(subscriptions));
    expect(new Set(resources.map((d) => d.id.split("/")[4])).size).toBeGreaterThanOrEqual(6);
    const tls = valuesAt(docs, "Microsoft.Storage/storageAccounts", (d) => props(d).minimumTlsVersion);
    expect(tls).toEqual(new Set(["TLS1_0", "TLS1_1", "TLS1_2", undefined]));
    expect(new Set(resources.map(classification)).size).toBeGreaterThanOrEqual(6);
  });

  it("give ids unique in the store and load into the emulator", async () => {
    const docs = generateEstate(300, subscriptions, 5);
    expect(new Set(docs.map((d) => d.id.toLowerCase())).size).toBe(docs.length);
    const emu = await start({ estate: 300, estateSeed: 5, subscriptions });
    try {
      expect(emu.store.size).toBe(docs.length);
      expect(emu.subscriptions).toEqual(subscriptions);
    } finally {
      await emu.stop();
    }
  });
});
