import type { Place } from "../../../emulator/estates/documents/place.ts";
import { postgresServer } from "../../../emulator/estates/documents/flexibleServers.ts";
import { sqlDatabase, sqlServer } from "../../../emulator/estates/documents/sql.ts";
import { storageAccount } from "../../../emulator/estates/documents/storage.ts";
import { site } from "../../../emulator/estates/documents/web.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

export const SUBSCRIPTION = "3c1f9a2e-7b4d-4e6f-8a9b-0c1d2e3f4a5b";
const place: Place = { subscriptionId: SUBSCRIPTION, resourceGroup: "rg-app", location: "westeurope" };
const rg = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-app/providers`;

export const storageId = (i: number) => `${rg}/Microsoft.Storage/storageAccounts/stweak${i}`;
export const ids = {
  sqlServer: `${rg}/Microsoft.Sql/servers/sql-app`,
  database: `${rg}/Microsoft.Sql/servers/sql-app/databases/orders`,
  tde: `${rg}/Microsoft.Sql/servers/sql-app/databases/orders/transparentDataEncryption/current`,
  site: `${rg}/Microsoft.Web/sites/app-web`,
  siteConfig: `${rg}/Microsoft.Web/sites/app-web/config/web`,
  goodStorage: `${rg}/Microsoft.Storage/storageAccounts/stgood`,
  postgresSecureTransport: `${rg}/Microsoft.DBforPostgreSQL/flexibleServers/pg-app/configurations/require_secure_transport`,
};

/**
 * `weakStorage` storage accounts with TLS 1.0 (one fix each: storage.min-tls), a compliant one,
 * a SQL server on TLS 1.2 with a database without TDE (a fix through a child document), and a
 * web app without HTTPS only (its TLS minimum lives in config/web).
 */
export function reliabilityEstate(weakStorage = 3, options: { postgres?: boolean } = {}): ArmDocument[] {
  const [server, protector] = sqlServer(place, "sql-app", { minimalTlsVersion: "1.2", tags: { "data-classification": "general" } });
  return [
    ...Array.from({ length: weakStorage }, (_, i) => storageAccount(place, `stweak${i}`, { minimumTlsVersion: "TLS1_0", supportsHttpsTrafficOnly: true, tags: { "data-classification": "general" } })),
    storageAccount(place, "stgood", { minimumTlsVersion: "TLS1_2", supportsHttpsTrafficOnly: true, tags: { "data-classification": "general" } }),
    server!,
    protector!,
    ...sqlDatabase(server!, "orders", { tde: "Disabled", tags: { "data-classification": "general" } }),
    ...site(place, "app-web", {
      httpsOnly: false,
      minTlsVersion: "1.2",
      ftpsState: "Disabled",
      minTlsCipherSuite: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      tags: { "data-classification": "general" },
    }),
    // A PostgreSQL flexible server whose parameters are secure (its configurations are what the controls judge).
    ...(options.postgres ? postgresServer(place, "pg-app", { requireSecureTransport: "on", sslMinProtocolVersion: "TLSv1.2", tags: { "data-classification": "general" } }) : []),
  ];
}
