import { listDocuments, readDocument, toSdkParameters } from "./wire.ts";
import type { ResourceAdapter } from "./types.ts";

export const eventHubNamespaces: ResourceAdapter = {
  type: "Microsoft.EventHub/namespaces",
  childTypes: [],
  readActions: ["Microsoft.EventHub/namespaces/read"],
  list: (clients) => listDocuments(() => clients.eventHub.namespaces.list()),
  async collect(clients, id, listed) {
    return [{ doc: listed ?? (await readDocument(() => clients.eventHub.namespaces.get(id.resourceGroup, id.name))) }];
  },
  writers: [
    {
      documentType: "Microsoft.EventHub/namespaces",
      actions: ["Microsoft.EventHub/namespaces/write"],
      async apply(clients, id, changes, direction) {
        await clients.eventHub.namespaces.update(id.resourceGroup, id.name, toSdkParameters(changes, direction));
      },
    },
  ],
};
