import { listDocuments, readDocument, toSdkParameters } from "./wire.ts";
import type { ResourceAdapter } from "./types.ts";
import { parseResourceId } from "../../core/index.ts";

export const sqlDatabases: ResourceAdapter = {
  type: "Microsoft.Sql/servers/databases",
  childTypes: ["Microsoft.Sql/servers/databases/transparentDataEncryption"],
  readActions: ["Microsoft.Sql/servers/read", "Microsoft.Sql/servers/databases/read", "Microsoft.Sql/servers/databases/transparentDataEncryption/read"],
  async *list(clients) {
    // Databases are listed per server: ARM has no subscription-wide database list.
    for await (const server of listDocuments(() => clients.sql.servers.list())) {
      const serverId = parseResourceId(server.id);
      yield* listDocuments(() => clients.sql.databases.listByServer(serverId.resourceGroup, serverId.name));
    }
  },
  async collect(clients, id, listed) {
    const [serverName, databaseName] = id.names as [string, string];
    const database = listed ?? (await readDocument(() => clients.sql.databases.get(id.resourceGroup, serverName, databaseName)));
    const tde = await readDocument(() => clients.sql.transparentDataEncryptions.get(id.resourceGroup, serverName, databaseName, "current"));
    return [{ doc: tde, inheritedTags: database.tags ?? null }];
  },
  writers: [
    {
      // The TDE document's id is its database's id (an ARM quirk), so `id` names server and database.
      documentType: "Microsoft.Sql/servers/databases/transparentDataEncryption",
      actions: ["Microsoft.Sql/servers/databases/transparentDataEncryption/write"],
      async apply(clients, id, changes, direction) {
        const [serverName, databaseName] = id.names as [string, string];
        await clients.sql.transparentDataEncryptions.beginCreateOrUpdateAndWait(
          id.resourceGroup,
          serverName,
          databaseName,
          "current",
          toSdkParameters(changes, direction) as { state: "Enabled" | "Disabled" },
        );
      },
    },
  ],
};
