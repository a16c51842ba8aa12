import { configuration } from "./flexibleServers.ts";
import type { ResourceTypeSpec } from "./spec.ts";

const CONFIG = "Microsoft.DBforPostgreSQL/flexibleServers/configurations";

/**
 * arm-postgresql-flexible 9 (classic): server and configuration PUT/PATCH are LROs
 * (configurations: rlc "azure-async-operation"). A new server comes with the parameters
 * the TLS controls read, at the service defaults.
 */
export const postgresqlSpecs: ResourceTypeSpec[] = [
  {
    type: "Microsoft.DBforPostgreSQL/flexibleServers",
    put: { lro: true },
    patch: { lro: true },
    children: (server) => [configuration(server.id, CONFIG, "require_secure_transport", "on", "on"), configuration(server.id, CONFIG, "ssl_min_protocol_version", "TLSv1.2", "TLSv1.2")],
  },
  { type: CONFIG, put: { lro: true }, patch: { lro: true }, provisioningState: false },
];
