import { defineResource } from "../define.ts";

export const virtualMachineScaleSets = defineResource({
  type: "Microsoft.Compute/virtualMachineScaleSets",
  apiVersion: "2026-04-01",
  client: "@azure/arm-compute",
  names: ["scale-set"],
  operations: (clients) => clients.compute.virtualMachineScaleSets,
  list: (ops) => ops.listAll(),
  get: (ops, id) => ops.get(id.resourceGroup, id.name),
  // A PATCH of the scale set model: instances take it when they are updated (or reimaged).
  update: (ops, id, parameters) => ops.beginUpdateAndWait(id.resourceGroup, id.name, parameters),
  actions: { read: ["Microsoft.Compute/virtualMachineScaleSets/read"], write: ["Microsoft.Compute/virtualMachineScaleSets/write"] },
});
