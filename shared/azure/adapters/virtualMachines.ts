import { listDocuments, readDocument, toSdkParameters } from "./wire.ts";
import type { ResourceAdapter } from "./types.ts";

export const virtualMachines: ResourceAdapter = {
  type: "Microsoft.Compute/virtualMachines",
  childTypes: [],
  readActions: ["Microsoft.Compute/virtualMachines/read"],
  list: (clients) => listDocuments(() => clients.compute.virtualMachines.listAll()),
  async collect(clients, id, listed) {
    return [{ doc: listed ?? (await readDocument(() => clients.compute.virtualMachines.get(id.resourceGroup, id.name))) }];
  },
  writers: [
    {
      documentType: "Microsoft.Compute/virtualMachines",
      actions: ["Microsoft.Compute/virtualMachines/write"],
      async apply(clients, id, changes, direction) {
        await clients.compute.virtualMachines.beginUpdateAndWait(id.resourceGroup, id.name, toSdkParameters(changes, direction));
      },
    },
  ],
};
