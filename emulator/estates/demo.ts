import { redisCache } from "./documents/cache.ts";
import { managedDisk, virtualMachine } from "./documents/compute.ts";
import { cosmosAccount } from "./documents/cosmosdb.ts";
import { mysqlServer, postgresServer } from "./documents/flexibleServers.ts";
import { diagnosticSetting } from "./documents/insights.ts";
import { keyVault } from "./documents/keyvault.ts";
import { eventGridTopic, eventHubNamespace, serviceBusNamespace } from "./documents/messaging.ts";
import { applicationGateway } from "./documents/network.ts";
import type { Place } from "./documents/place.ts";
import { sqlDatabase, sqlServer } from "./documents/sql.ts";
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
 * covered type (40 resources, plus the child documents their controls read), spread over
 * four resource groups with every classification level.
 */
export function demoEstate(subscriptionId: string): ArmDocument[] {
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
    managedDisk(data, "disk-data-cmk", { encryption: "EncryptionAtRestWithCustomerKey", tags: tag.confidential }),
    managedDisk(payments, "disk-payments-double", { encryption: "EncryptionAtRestWithPlatformAndCustomerKeys", tags: tag.highlyConfidentialUpper }),

    // VMs: nothing set; Trusted Launch with encryption at host; confidential VMs with and without a data disk.
    virtualMachine(web, "vm-web-01", { tags: tag.general }),
    virtualMachine(data, "vm-app-01", { encryptionAtHost: true, securityType: "TrustedLaunch", secureBoot: true, vTpm: true, tags: tag.confidential }),
    virtualMachine(payments, "vm-cvm-01", { securityType: "ConfidentialVM", osDiskSecurityEncryptionType: "DiskWithVMGuestState", tags: tag.highlyConfidential }),
    virtualMachine(payments, "vm-cvm-02", { securityType: "ConfidentialVM", osDiskSecurityEncryptionType: "DiskWithVMGuestState", dataDisks: 1, secureBoot: false, tags: tag.highlyConfidential }),

    // Key vaults: hardened; legacy access policies with soft delete off; RBAC behind a firewall.
    kvPayments,
    diagnosticSetting(payments, kvPayments.id, "audit-to-workspace", { categories: ["AuditEvent"], workspace: "law-security" }),
    kvLegacy,
    kvApps,
    diagnosticSetting(web, kvApps.id, "audit-to-storage", { categoryGroups: ["audit"] }),

    // App Service: HTTP, TLS 1.0 and plain FTP; a hardened function app.
    ...site(web, "app-checkout", { httpsOnly: false, minTlsVersion: "1.0", ftpsState: "AllAllowed", tags: tag.confidential }),
    ...site(web, "func-billing", { kind: "functionapp", httpsOnly: true, minTlsVersion: "1.2", ftpsState: "Disabled", tags: tag.general }),

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
  ];
}
