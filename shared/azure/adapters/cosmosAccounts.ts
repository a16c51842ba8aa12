import { listDocuments, readDocument, toSdkParameters } from "./wire.ts";
import type { ResourceAdapter } from "./types.ts";

export const cosmosAccounts: ResourceAdapter = {
  type: "Microsoft.DocumentDB/databaseAccounts",
  childTypes: [],
  readActions: ["Microsoft.DocumentDB/databaseAccounts/read"],
  list: (clients) => listDocuments(() => clients.cosmos.databaseAccounts.list()),
  async collect(clients, id, listed) {
    return [{ doc: listed ?? (await readDocument(() => clients.cosmos.databaseAccounts.get(id.resourceGroup, id.name))) }];
  },
  writers: [
    {
      documentType: "Microsoft.DocumentDB/databaseAccounts",
      actions: ["Microsoft.DocumentDB/databaseAccounts/write"],
      async apply(clients, id, changes, direction) {
        // A PollerLike: awaiting it polls the update to its end.
        await clients.cosmos.databaseAccounts.update(id.resourceGroup, id.name, toSdkParameters(changes, direction));
      },
    },
  ],
};
