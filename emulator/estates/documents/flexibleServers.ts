import { configuration } from "../../resources/flexibleServers.ts";
import { tracked, type Common, type Place } from "./place.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

export interface PostgresSettings extends Common {
  /** Values as the service stores them: "on"/"off" (any casing occurs). */
  requireSecureTransport: string;
  sslMinProtocolVersion: "TLSv1" | "TLSv1.1" | "TLSv1.2" | "TLSv1.3";
}

export function postgresServer(place: Place, name: string, settings: PostgresSettings): ArmDocument[] {
  const type = "Microsoft.DBforPostgreSQL/flexibleServers";
  const server = tracked(place, type, name, settings, {
    sku: { name: "Standard_D2ds_v5", tier: "GeneralPurpose" },
    properties: { version: "16", state: "Ready", fullyQualifiedDomainName: `${name}.postgres.database.azure.com`, storage: { storageSizeGB: 128 }, network: { publicNetworkAccess: "Enabled" } },
  });
  const config = `${type}/configurations`;
  return [
    server,
    configuration(server.id, config, "require_secure_transport", settings.requireSecureTransport, "on"),
    configuration(server.id, config, "ssl_min_protocol_version", settings.sslMinProtocolVersion, "TLSv1.2"),
  ];
}

export interface MysqlSettings extends Common {
  /** "ON"/"OFF" as the service stores them. */
  requireSecureTransport: string;
  /** Comma-separated protocols, e.g. "TLSv1,TLSv1.2". */
  tlsVersion: string;
}

export function mysqlServer(place: Place, name: string, settings: MysqlSettings): ArmDocument[] {
  const type = "Microsoft.DBforMySQL/flexibleServers";
  const server = tracked(place, type, name, settings, {
    sku: { name: "Standard_B1ms", tier: "Burstable" },
    properties: { version: "8.0.21", state: "Ready", fullyQualifiedDomainName: `${name}.mysql.database.azure.com`, storage: { storageSizeGB: 32 }, network: { publicNetworkAccess: "Enabled" } },
  });
  const config = `${type}/configurations`;
  return [
    server,
    configuration(server.id, config, "require_secure_transport", settings.requireSecureTransport, "ON"),
    configuration(server.id, config, "tls_version", settings.tlsVersion, "TLSv1.2", false),
  ];
}
