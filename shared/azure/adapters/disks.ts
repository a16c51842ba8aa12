import { listDocuments, readDocument, toSdkParameters } from "./wire.ts";
import type { ResourceAdapter } from "./types.ts";

export const disks: ResourceAdapter = {
  type: "Microsoft.Compute/disks",
  childTypes: [],
  readActions: ["Microsoft.Compute/disks/read"],
  list: (clients) => listDocuments(() => clients.compute.disks.list()),
  async collect(clients, id, listed) {
    return [{ doc: listed ?? (await readDocument(() => clients.compute.disks.get(id.resourceGroup, id.name))) }];
  },
  writers: [
    {
      documentType: "Microsoft.Compute/disks",
      // Pointing a disk at a disk encryption set needs read access to that set.
      actions: ["Microsoft.Compute/disks/write", "Microsoft.Compute/diskEncryptionSets/read"],
      async apply(clients, id, changes, direction) {
        await clients.compute.disks.beginUpdateAndWait(id.resourceGroup, id.name, toSdkParameters(changes, direction));
      },
    },
  ],
};
