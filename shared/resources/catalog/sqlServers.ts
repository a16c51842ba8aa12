import { readDocument } from "../../azure/index.ts";
import { defineResource, sdkParameters } from "../define.ts";

const PROTECTOR = "Microsoft.Sql/servers/encryptionProtector";

export const sqlServers = defineResource({
  type: "Microsoft.Sql/servers",
  apiVersion: "2022-08-01-preview",
  client: "@azure/arm-sql",
  names: ["server"],
  graph: { table: "resources" },
  operations: (clients) => clients.sql.servers,
  list: (ops) => ops.list(),
  get: (ops, id) => ops.get(id.resourceGroup, id.name),
  update: (ops, id, parameters) => ops.beginUpdateAndWait(id.resourceGroup, id.name, parameters),
  children: [
    {
      type: PROTECTOR,
      read: (clients, id) => readDocument(() => clients.sql.encryptionProtectors.get(id.resourceGroup, id.name, "current")),
    },
  ],
  actions: {
    read: ["Microsoft.Sql/servers/read", "Microsoft.Sql/servers/encryptionProtector/read"],
    write: ["Microsoft.Sql/servers/write"],
  },
  childWriters: [
    {
      // The protector is a singleton PUT: it names its key again, read just before, with the change.
      documentType: PROTECTOR,
      actions: [`${PROTECTOR}/write`],
      async apply(clients, id, changes, direction) {
        const serverName = id.names[0] ?? id.name;
        const current = await clients.sql.encryptionProtectors.get(id.resourceGroup, serverName, "current");
        const change = sdkParameters({}, changes, direction);
        await clients.sql.encryptionProtectors.beginCreateOrUpdateAndWait(id.resourceGroup, serverName, "current", {
          serverKeyName: current.serverKeyName,
          serverKeyType: current.serverKeyType,
          autoRotationEnabled: current.autoRotationEnabled,
          ...change,
        });
      },
    },
  ],
});
