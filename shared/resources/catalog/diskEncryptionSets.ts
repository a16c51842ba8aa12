import { defineResource } from "../define.ts";

/** A disk encryption set: the key (`activeKey.keyUrl`) its disks are encrypted with, and whether it follows the key's latest version. */
export const diskEncryptionSets = defineResource({
  type: "Microsoft.Compute/diskEncryptionSets",
  apiVersion: "2026-03-02",
  client: "@azure/arm-compute",
  names: ["set"],
  graph: { table: "resources" },
  operations: (clients) => clients.compute.diskEncryptionSets,
  list: (ops) => ops.list(),
  get: (ops, id) => ops.get(id.resourceGroup, id.name),
  update: (ops, id, parameters) => ops.beginUpdateAndWait(id.resourceGroup, id.name, parameters),
  actions: { read: ["Microsoft.Compute/diskEncryptionSets/read"], write: ["Microsoft.Compute/diskEncryptionSets/write"] },
});
