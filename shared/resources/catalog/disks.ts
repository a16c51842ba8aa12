import { defineResource } from "../define.ts";

export const disks = defineResource({
  type: "Microsoft.Compute/disks",
  apiVersion: "2026-03-02",
  client: "@azure/arm-compute",
  names: ["disk"],
  graph: { table: "resources" },
  operations: (clients) => clients.compute.disks,
  list: (ops) => ops.list(),
  get: (ops, id) => ops.get(id.resourceGroup, id.name),
  update: (ops, id, parameters) => ops.beginUpdateAndWait(id.resourceGroup, id.name, parameters),
  // Pointing a disk at a disk encryption set needs read access to that set.
  actions: { read: ["Microsoft.Compute/disks/read"], write: ["Microsoft.Compute/disks/write", "Microsoft.Compute/diskEncryptionSets/read"] },
});
