import { defineResource } from "../define.ts";

export const cosmosAccounts = defineResource({
  type: "Microsoft.DocumentDB/databaseAccounts",
  apiVersion: "2026-03-15",
  client: "@azure/arm-cosmosdb",
  names: ["account"],
  graph: { table: "resources" },
  operations: (clients) => clients.cosmos.databaseAccounts,
  list: (ops) => ops.list(),
  get: (ops, id) => ops.get(id.resourceGroup, id.name),
  // A PollerLike: awaiting it polls the update to its end.
  update: (ops, id, parameters) => ops.update(id.resourceGroup, id.name, parameters),
  actions: { read: ["Microsoft.DocumentDB/databaseAccounts/read"], write: ["Microsoft.DocumentDB/databaseAccounts/write"] },
});
