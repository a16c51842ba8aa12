import { defineResource } from "../define.ts";

export const eventHubNamespaces = defineResource({
  type: "Microsoft.EventHub/namespaces",
  apiVersion: "2026-01-01",
  client: "@azure/arm-eventhub",
  names: ["namespace"],
  graph: { table: "resources" },
  operations: (clients) => clients.eventHub.namespaces,
  list: (ops) => ops.list(),
  get: (ops, id) => ops.get(id.resourceGroup, id.name),
  update: (ops, id, parameters) => ops.update(id.resourceGroup, id.name, parameters),
  actions: { read: ["Microsoft.EventHub/namespaces/read"], write: ["Microsoft.EventHub/namespaces/write"] },
});
