import { apiManagementService } from "./documents/apimanagement.ts";
import { backupInstance, backupVault, protectedItem, recoveryServicesVault } from "./documents/backup.ts";
import { redisCache } from "./documents/cache.ts";
import { diskEncryptionSet, managedDisk, scaleSet, virtualMachine } from "./documents/compute.ts";
import { managedCluster } from "./documents/containers.ts";
import { cosmosAccount } from "./documents/cosmosdb.ts";
import { mysqlServer, postgresServer } from "./documents/flexibleServers.ts";
import { classicFrontDoor, frontDoorCustomDomain, frontDoorProfile } from "./documents/frontdoor.ts";
import { diagnosticSetting } from "./documents/insights.ts";
import { keyVault, managedHsm, vaultKey, vaultSecret } from "./documents/keyvault.ts";
import { eventGridTopic, eventHubNamespace, serviceBusNamespace } from "./documents/messaging.ts";
import { applicationGateway } from "./documents/network.ts";
import type { Place } from "./documents/place.ts";
import { managedInstance, sqlDatabase, sqlServer } from "./documents/sql.ts";
import { storageAccount } from "./documents/storage.ts";
import { site } from "./documents/web.ts";
import type { ArmDocument } from "../../shared/core/index.ts";

/** Classification tags in the spellings real estates have: every level, odd casing, unknown values, none. */
const tag = {
  public: { "data-classification": "public" },
  general: { "data-classification": "general" },
  confidential: { "data-classification": "confidential" },
  confidentialOddCase: { "Data-Classification": "Confidential" },
  highlyConfidential: { "data-classification": "highly-confidential" },
  highlyConfidentialUpper: { "DATA-CLASSIFICATION": "HIGHLY-CONFIDENTIAL" },
  unknownValue: { "data-classification": "secret", owner: "team-legacy" },
  none: undefined,
};

/**
 * A small estate of one subscription with compliant and non-compliant resources of every
 * covered type (55 resources, plus the child documents their controls read, what the backup
 * vaults protect, and the vaults' keys and secrets), spread over four resource groups with every
 * classification level. Key and secret dates are relative to `now`.
 */
export function demoEstate(subscriptionId: string, now: Date = new Date()): ArmDocument[] {
  const at = (resourceGroup: string): Place => ({ subscriptionId, resourceGroup, location: "westeurope" });
  const payments = at("rg-payments-prod");
  const web = at("rg-web-prod");
  const data = at("rg-data-prod");
  const legacy = at("rg-legacy");

  const [sqlPayments, protectorPayments] = sqlServer(payments, "sql-payments-prod", { minimalTlsVersion: "1.2", protectorVault: "kv-payments-prod", tags: tag.highlyConfidential });
  const [sqlLegacy, protectorLegacy] = sqlServer(legacy, "sql-legacy", { minimalTlsVersion: "None", tags: tag.confidentialOddCase });
  const kvPayments = keyVault(payments, "kv-payments-prod", {
    enableSoftDelete: true,
    enablePurgeProtection: true,
    enableRbacAuthorization: true,
    publicNetworkAccess: "Disabled",
    tags: tag.highlyConfidential,
  });
  const kvLegacy = keyVault(legacy, "kv-legacy", { enableSoftDelete: false, enablePurgeProtection: null, accessPolicies: 2, networkDefaultAction: "Allow", tags: tag.confidential });
  const kvApps = keyVault(web, "kv-apps-prod", { enablePurgeProtection: true, enableRbacAuthorization: true, networkDefaultAction: "Deny", tags: tag.general });
  const vmCvm01 = virtualMachine(payments, "vm-cvm-01", { securityType: "ConfidentialVM", osDiskSecurityEncryptionType: "DiskWithVMGuestState", tags: tag.highlyConfidential });
  const vmCvm02 = virtualMachine(payments, "vm-cvm-02", {
    securityType: "ConfidentialVM",
    osDiskSecurityEncryptionType: "DiskWithVMGuestState",
    dataDisks: 1,
    secureBoot: false,
    tags: tag.highlyConfidential,
  });
  const diskDataCmk = managedDisk(data, "disk-data-cmk", { encryption: "EncryptionAtRestWithCustomerKey", tags: tag.confidential });
  const rsvPayments = recoveryServicesVault(payments, "rsv-payments-prod", { cmkVault: "kv-payments-prod", infrastructureEncryption: "Enabled", tags: tag.highlyConfidential });
  // Tagged general, unencrypted, and backing up a SQL Server database on a highly confidential VM: held to highly-confidential controls.
  const rsvLegacy = recoveryServicesVault(legacy, "rsv-legacy", { tags: tag.general });
  const bvData = backupVault(data, "bv-data-prod", { cmkVault: "kv-payments-prod", tags: tag.confidential });
  const afd = frontDoorProfile(web, "afd-web", { tier: "Premium", tags: tag.public });
  // The key of the disk encryption set, pinned to one version: the set does not follow rotation.
  const diskKeyVersion = "5a1c0d9e3b7f4e2a9c6d8b0f1e2d3c4b";

  return [
    // Storage: CMK with infrastructure encryption; TLS 1.0 and HTTP allowed; TLS absent; public assets.
    storageAccount(payments, "stpaymentsprod", {
      minimumTlsVersion: "TLS1_2",
      supportsHttpsTrafficOnly: true,
      cmkVault: "kv-payments-prod",
      requireInfrastructureEncryption: true,
      tags: tag.highlyConfidential,
    }),
    storageAccount(legacy, "stlegacyreports", { minimumTlsVersion: "TLS1_0", supportsHttpsTrafficOnly: false, tags: tag.confidentialOddCase }),
    storageAccount(data, "stdatalake01", { supportsHttpsTrafficOnly: true, tags: tag.none }),
    storageAccount(web, "stpublicassets", { minimumTlsVersion: "TLS1_2", supportsHttpsTrafficOnly: true, tags: tag.public }),

    // SQL: TLS 1.2 with a vault-held protector; TLS "None" with the service key; TDE on and off, and master.
    sqlPayments!,
    protectorPayments!,
    ...sqlDatabase(sqlPayments!, "master", { tde: "Disabled" }),
    ...sqlDatabase(sqlPayments!, "payments", { tde: "Enabled", tags: tag.highlyConfidential }),
    ...sqlDatabase(sqlPayments!, "ledger", { tde: "Disabled", tags: tag.highlyConfidential }),
    sqlLegacy!,
    protectorLegacy!,
    ...sqlDatabase(sqlLegacy!, "master", { tde: "Disabled" }),
    ...sqlDatabase(sqlLegacy!, "legacydb", { tde: "Disabled", tags: tag.unknownValue }),

    // Disks: platform key, customer key, double encryption.
    managedDisk(data, "disk-data-platform", { encryption: "EncryptionAtRestWithPlatformKey", tags: tag.confidential }),
    diskDataCmk,
    managedDisk(payments, "disk-payments-double", { encryption: "EncryptionAtRestWithPlatformAndCustomerKeys", tags: tag.highlyConfidentialUpper }),

    // VMs: nothing set; Trusted Launch with encryption at host; confidential VMs with and without a data disk.
    virtualMachine(web, "vm-web-01", { tags: tag.general }),
    virtualMachine(data, "vm-app-01", { encryptionAtHost: true, securityType: "TrustedLaunch", secureBoot: true, vTpm: true, tags: tag.confidential }),
    vmCvm01,
    vmCvm02,

    // Key vaults: hardened; legacy access policies with soft delete off; RBAC behind a firewall.
    kvPayments,
    diagnosticSetting(payments, kvPayments.id, "audit-to-workspace", { categories: ["AuditEvent"], workspace: "law-security" }),
    kvLegacy,
    kvApps,
    diagnosticSetting(web, kvApps.id, "audit-to-storage", { categoryGroups: ["audit"] }),

    // Keys: the storage account's key expires in ten days with no rotation policy; the others are
    // HSM-backed and rotate. A legacy software key without expiry; secrets with and without one.
    // Ten days and an hour: the demo says "in 10 days" however long it takes to reach the key.
    vaultKey(kvPayments, "storage-cmk", now, { kty: "RSA-HSM", keySize: 3072, expiresInDays: 10.05 }),
    vaultKey(kvPayments, "cosmos-cmk", now, { kty: "RSA-HSM", keySize: 3072, expiresInDays: 500, rotateAfterDays: 180 }),
    vaultKey(kvPayments, "backup-cmk", now, { kty: "RSA-HSM", keySize: 3072, expiresInDays: 500, rotateAfterDays: 180, version: "0767b348bb1a4c07baa6c4ec0055d2b3" }),
    vaultKey(kvPayments, "tde-protector", now, { kty: "RSA-HSM", keySize: 4096, expiresInDays: 500, rotateAfterDays: 365, version: "0123456789abcdef0123456789abcdef" }),
    vaultKey(kvPayments, "mi-tde", now, { kty: "RSA-HSM", keySize: 3072, expiresInDays: 500, rotateAfterDays: 365, version: "0123456789abcdef0123456789abcdef" }),
    vaultKey(kvPayments, "disk-cmk", now, { kty: "EC-HSM", curveName: "P-384", expiresInDays: 400, rotateAfterDays: 365, version: diskKeyVersion }),
    vaultKey(kvLegacy, "legacy-export", now, { kty: "RSA", keySize: 1024 }),
    vaultSecret(kvApps, "checkout-db-password", now, {}),
    vaultSecret(kvApps, "billing-api-token", now, { expiresInDays: 60 }),
    managedHsm(payments, "hsm-payments", { enablePurgeProtection: false, tags: tag.highlyConfidential }),

    // A disk encryption set pinned to one key version: its fix follows the key's latest version instead.
    diskEncryptionSet(data, "des-guard", { vault: kvPayments, key: "disk-cmk", keyVersion: diskKeyVersion, rotationToLatestKeyVersionEnabled: false, tags: tag.confidential }),

    // App Service: HTTP, TLS 1.0 and plain FTP; a hardened function app.
    ...site(web, "app-checkout", { httpsOnly: false, minTlsVersion: "1.0", ftpsState: "AllAllowed", tags: tag.confidential }),
    ...site(web, "func-billing", { kind: "functionapp", httpsOnly: true, minTlsVersion: "1.2", ftpsState: "Disabled", minTlsCipherSuite: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", tags: tag.general }),
    ...site(payments, "app-payments-api", {
      httpsOnly: true,
      minTlsVersion: "1.2",
      ftpsState: "Disabled",
      minTlsCipherSuite: "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      clientCert: "Optional",
      tags: tag.highlyConfidential,
    }),

    // Redis: TLS 1.0 with the non-SSL port; defaults.
    redisCache(web, "redis-sessions", { minimumTlsVersion: "1.0", enableNonSslPort: true, tags: tag.general }),
    redisCache(data, "redis-catalog", { enableNonSslPort: false, tags: tag.public }),

    // PostgreSQL / MySQL flexible servers: server parameters off and old; on in odd casing.
    ...postgresServer(data, "pg-orders", { requireSecureTransport: "off", sslMinProtocolVersion: "TLSv1", tags: tag.confidential }),
    ...postgresServer(data, "pg-analytics", { requireSecureTransport: "ON", sslMinProtocolVersion: "TLSv1.2", tags: tag.general }),
    ...mysqlServer(legacy, "mysql-crm", { requireSecureTransport: "OFF", tlsVersion: "TLSv1,TLSv1.2", tags: tag.confidential }),
    ...mysqlServer(data, "mysql-inventory", { requireSecureTransport: "on", tlsVersion: "TLSV1.2", tags: tag.general }),

    // Cosmos DB: TLS 1.0 without CMK; TLS 1.2 with CMK.
    cosmosAccount(data, "cosmos-catalog", { minimalTlsVersion: "Tls", tags: tag.confidential }),
    cosmosAccount(payments, "cosmos-orders", { minimalTlsVersion: "Tls12", cmkVault: "kv-payments-prod", tags: tag.highlyConfidential }),

    // Messaging: TLS 1.0 and 1.2 of each.
    eventHubNamespace(data, "evh-telemetry", { minimumTlsVersion: "1.0", tags: tag.general }),
    eventHubNamespace(payments, "evh-audit", { minimumTlsVersion: "1.2", tags: tag.confidential }),
    serviceBusNamespace(legacy, "sb-orders-legacy", { minimumTlsVersion: "1.0", tags: tag.confidential }),
    serviceBusNamespace(payments, "sb-payments", { minimumTlsVersion: "1.2", tags: tag.highlyConfidential }),
    eventGridTopic(web, "egt-orders", { minimumTlsVersionAllowed: "1.0", tags: tag.general }),
    eventGridTopic(data, "egd-platform", { minimumTlsVersionAllowed: "1.2", tags: tag.public }, "domains"),

    // Application gateways: the legacy predefined policy; a strict predefined one; none set (the default decides).
    applicationGateway(web, "agw-public", { sslPolicy: { policyType: "Predefined", policyName: "AppGwSslPolicy20150501" }, tags: tag.public }),
    applicationGateway(payments, "agw-payments", { sslPolicy: { policyType: "Predefined", policyName: "AppGwSslPolicy20220101S" }, tags: tag.highlyConfidential }),
    applicationGateway(data, "agw-internal", { defaultPredefinedSslPolicy: "AppGwSslPolicy20220101", tags: tag.general }),

    // Backups: a vault with its own key and double encryption; an unencrypted one that backs up highly confidential data; a Backup vault with a key.
    rsvPayments,
    protectedItem(rsvPayments, vmCvm01.id),
    rsvLegacy,
    protectedItem(rsvLegacy, vmCvm02.id, "SQLDataBase"),
    bvData,
    backupInstance(bvData, "disk-data-cmk-instance", { id: diskDataCmk.id, datasourceType: "Microsoft.Compute/disks" }),

    // AKS: KMS, a disk encryption set and host encryption on every pool; nothing, with one pool of two at the host.
    managedCluster(payments, "aks-payments", { pools: [true, true], kmsVault: "kv-payments-prod", diskEncryptionSet: "des-guard", tags: tag.highlyConfidential }),
    managedCluster(web, "aks-web", { pools: [true, undefined], tags: tag.confidential }),

    // Scale sets: encryption at host and customer-managed disks; neither.
    scaleSet(data, "vmss-batch", { encryptionAtHost: true, diskEncryptionSet: "des-guard", dataDisks: 1, tags: tag.confidential }),
    scaleSet(web, "vmss-web", { tags: tag.general }),

    // API Management: TLS 1.0, 1.1 and 3DES still on.
    apiManagementService(web, "apim-public", { on: ["Tls10", "Tls11", "Backend.Tls10", "TripleDes168"], tags: tag.public }),

    // Front Door: Standard/Premium custom domains at TLS 1.2 and 1.0; a classic front door at TLS 1.0.
    afd,
    frontDoorCustomDomain(afd, "www.contoso.com", "TLS12"),
    frontDoorCustomDomain(afd, "legacy.contoso.com", "TLS10"),
    classicFrontDoor(legacy, "fd-legacy", { endpoints: [{ hostName: "shop.contoso.com", minimumTlsVersion: "1.0" }], tags: tag.general }),

    // SQL Managed Instance: TLS 1.2 with a vault-held protector; no minimum with the service key.
    ...managedInstance(payments, "sqlmi-payments", { minimalTlsVersion: "1.2", protectorVault: "kv-payments-prod", tags: tag.highlyConfidential }),
    ...managedInstance(legacy, "sqlmi-legacy", { minimalTlsVersion: "None", tags: tag.confidential }),
  ];
}
