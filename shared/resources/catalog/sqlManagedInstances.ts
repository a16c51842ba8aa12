import { readDocument } from "../../azure/index.ts";
import { defineResource } from "../define.ts";

export const sqlManagedInstances = defineResource({
  type: "Microsoft.Sql/managedInstances",
  apiVersion: "2022-08-01-preview",
  client: "@azure/arm-sql",
  names: ["instance"],
  operations: (clients) => clients.sql.managedInstances,
  list: (ops) => ops.list(),
  get: (ops, id) => ops.get(id.resourceGroup, id.name),
  update: (ops, id, parameters) => ops.beginUpdateAndWait(id.resourceGroup, id.name, parameters),
  children: [
    {
      type: "Microsoft.Sql/managedInstances/encryptionProtector",
      read: (clients, id) => readDocument(() => clients.sql.managedInstanceEncryptionProtectors.get(id.resourceGroup, id.name, "current")),
    },
  ],
  actions: {
    read: ["Microsoft.Sql/managedInstances/read", "Microsoft.Sql/managedInstances/encryptionProtector/read"],
    write: ["Microsoft.Sql/managedInstances/write"],
  },
});
