import { defined, tracked, type Common, type Place } from "./place.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

export interface RedisSettings extends Common {
  /** undefined leaves it absent (the service default, 1.2 since 2020). */
  minimumTlsVersion?: "1.0" | "1.1" | "1.2";
  enableNonSslPort: boolean;
}

export function redisCache(place: Place, name: string, settings: RedisSettings): ArmDocument {
  return tracked(place, "Microsoft.Cache/redis", name, settings, {
    properties: {
      provisioningState: "Succeeded",
      redisVersion: "6.0",
      sku: { name: "Standard", family: "C", capacity: 1 },
      hostName: `${name}.redis.cache.windows.net`,
      port: 6379,
      sslPort: 6380,
      publicNetworkAccess: "Enabled",
      enableNonSslPort: settings.enableNonSslPort,
      ...defined({ minimumTlsVersion: settings.minimumTlsVersion }),
    },
  });
}
