import { listDocuments, readDocument, toSdkParameters } from "./wire.ts";
import type { ResourceAdapter } from "./types.ts";

export const redisCaches: ResourceAdapter = {
  type: "Microsoft.Cache/redis",
  childTypes: [],
  readActions: ["Microsoft.Cache/redis/read"],
  list: (clients) => listDocuments(() => clients.redis.redis.listBySubscription()),
  async collect(clients, id, listed) {
    return [{ doc: listed ?? (await readDocument(() => clients.redis.redis.get(id.resourceGroup, id.name))) }];
  },
  writers: [
    {
      documentType: "Microsoft.Cache/redis",
      actions: ["Microsoft.Cache/redis/write"],
      async apply(clients, id, changes, direction) {
        // arm-rediscache 8.2 has no plain update: the PATCH is a long-running operation.
        await clients.redis.redis.beginUpdateAndWait(id.resourceGroup, id.name, toSdkParameters(changes, direction));
      },
    },
  ],
};
