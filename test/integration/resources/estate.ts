import { DEMO_SUBSCRIPTION_ID } from "../../../emulator/index.ts";
import { redisCache } from "../../../emulator/estates/documents/cache.ts";
import { cosmosAccount } from "../../../emulator/estates/documents/cosmosdb.ts";
import { mysqlServer, postgresServer } from "../../../emulator/estates/documents/flexibleServers.ts";
import { keyVault } from "../../../emulator/estates/documents/keyvault.ts";
import { eventGridTopic, eventHubNamespace, serviceBusNamespace } from "../../../emulator/estates/documents/messaging.ts";
import { applicationGateway } from "../../../emulator/estates/documents/network.ts";
import type { Place } from "../../../emulator/estates/documents/place.ts";
import { site } from "../../../emulator/estates/documents/web.ts";
import { configuration } from "../../../emulator/resources/flexibleServers.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

export const SUB = DEMO_SUBSCRIPTION_ID;
export const place: Place = { subscriptionId: SUB, resourceGroup: "rg-fixes", location: "westeurope" };
export const providers = `/subscriptions/${SUB}/resourceGroups/${place.resourceGroup}/providers`;
export const WORKSPACE_ID = `/subscriptions/${SUB}/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-security`;

const general = { "data-classification": "general" };

const [pgServer, ...pgParameters] = postgresServer(place, "pg-fix", { requireSecureTransport: "off", sslMinProtocolVersion: "TLSv1", tags: general });
const [mysql, ...mysqlParameters] = mysqlServer(place, "mysql-fix", { requireSecureTransport: "OFF", tlsVersion: "TLSv1,TLSv1.2", tags: general });

/**
 * One non-compliant resource per safe fix of the catalog issue's types (and the disruptive
 * gateway policy), each otherwise compliant so its scan plans exactly the fixes under test; plus
 * a server parameter no control reads.
 */
export function fixEstate(): ArmDocument[] {
  return [
    redisCache(place, "redis-fix", { minimumTlsVersion: "1.0", enableNonSslPort: true, tags: general }),
    pgServer!,
    ...pgParameters,
    configuration(pgServer!.id, "Microsoft.DBforPostgreSQL/flexibleServers/configurations", "max_connections", "100", "100"),
    mysql!,
    ...mysqlParameters,
    cosmosAccount(place, "cosmos-fix", { minimalTlsVersion: "Tls11", tags: general }),
    eventHubNamespace(place, "evh-fix", { minimumTlsVersion: "1.0", tags: general }),
    serviceBusNamespace(place, "sb-fix", { minimumTlsVersion: "1.1", tags: general }),
    eventGridTopic(place, "egt-fix", { minimumTlsVersionAllowed: "1.0", tags: general }),
    eventGridTopic(place, "egd-fix", { minimumTlsVersionAllowed: "1.1", tags: general }, "domains"),
    ...site(place, "app-fix", { httpsOnly: true, minTlsVersion: "1.2", ftpsState: "AllAllowed", minTlsCipherSuite: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", tags: general }),
    keyVault(place, "kv-fix", { enableSoftDelete: true, enablePurgeProtection: true, enableRbacAuthorization: true, publicNetworkAccess: "Disabled", tags: general }),
    applicationGateway(place, "agw-fix", { sslPolicy: { policyType: "Predefined", policyName: "AppGwSslPolicy20150501" }, tags: general }),
  ];
}
