import { defineResource } from "../define.ts";

export const virtualMachines = defineResource({
  type: "Microsoft.Compute/virtualMachines",
  apiVersion: "2026-04-01",
  client: "@azure/arm-compute",
  names: ["vm"],
  graph: { table: "resources" },
  operations: (clients) => clients.compute.virtualMachines,
  list: (ops) => ops.listAll(),
  get: (ops, id) => ops.get(id.resourceGroup, id.name),
  update: (ops, id, parameters) => ops.beginUpdateAndWait(id.resourceGroup, id.name, parameters),
  actions: { read: ["Microsoft.Compute/virtualMachines/read"], write: ["Microsoft.Compute/virtualMachines/write"] },
});
