import { defineResource } from "../define.ts";

export const redisCaches = defineResource({
  type: "Microsoft.Cache/redis",
  apiVersion: "2024-11-01",
  client: "@azure/arm-rediscache",
  names: ["cache"],
  graph: { table: "resources" },
  operations: (clients) => clients.redis.redis,
  list: (ops) => ops.listBySubscription(),
  get: (ops, id) => ops.get(id.resourceGroup, id.name),
  // arm-rediscache 8.2 has no plain update: the PATCH is a long-running operation.
  update: (ops, id, parameters) => ops.beginUpdateAndWait(id.resourceGroup, id.name, parameters),
  actions: { read: ["Microsoft.Cache/redis/read"], write: ["Microsoft.Cache/redis/write"] },
});
