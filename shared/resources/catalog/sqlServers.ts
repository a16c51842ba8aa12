import { readDocument } from "../../azure/index.ts";
import { defineResource } from "../define.ts";

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
      type: "Microsoft.Sql/servers/encryptionProtector",
      read: (clients, id) => readDocument(() => clients.sql.encryptionProtectors.get(id.resourceGroup, id.name, "current")),
    },
  ],
  actions: {
    read: ["Microsoft.Sql/servers/read", "Microsoft.Sql/servers/encryptionProtector/read"],
    write: ["Microsoft.Sql/servers/write"],
  },
});
