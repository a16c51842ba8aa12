import { listDocuments, readDocument } from "../../azure/index.ts";
import { parseResourceId } from "../../core/index.ts";
import { defineResource, sdkParameters } from "../define.ts";

const TDE = "Microsoft.Sql/servers/databases/transparentDataEncryption";

/** A database is judged by its TDE setting, a singleton child named `current`. */
export const sqlDatabases = defineResource({
  type: "Microsoft.Sql/servers/databases",
  apiVersion: "2022-08-01-preview",
  client: "@azure/arm-sql",
  names: ["server", "database"],
  graph: { table: "resources" },
  operations: (clients) => clients.sql.databases,
  async *list(ops, clients) {
    // ARM has no subscription-wide database list: databases are listed server by server.
    for await (const server of listDocuments(() => clients.sql.servers.list())) {
      const serverId = parseResourceId(server.id);
      yield* listDocuments(() => ops.listByServer(serverId.resourceGroup, serverId.name));
    }
  },
  get: (ops, id) => ops.get(id.resourceGroup, id.names[0]!, id.name),
  children: [{ type: TDE, read: (clients, id) => readDocument(() => clients.sql.transparentDataEncryptions.get(id.resourceGroup, id.names[0]!, id.name, "current")) }],
  actions: { read: ["Microsoft.Sql/servers/read", "Microsoft.Sql/servers/databases/read", `${TDE}/read`] },
  childWriters: [
    {
      // The TDE document's id is its database's id (an ARM quirk), so `id` names server and database.
      documentType: TDE,
      actions: [`${TDE}/write`],
      async apply(clients, id, changes, direction) {
        const [serverName, databaseName] = id.names as [string, string];
        const state = sdkParameters({}, changes, direction) as { state: "Enabled" | "Disabled" };
        await clients.sql.transparentDataEncryptions.beginCreateOrUpdateAndWait(id.resourceGroup, serverName, databaseName, "current", state);
      },
    },
  ],
});
