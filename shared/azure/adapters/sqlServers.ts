import { listDocuments, readDocument, toSdkParameters } from "./wire.ts";
import type { ResourceAdapter } from "./types.ts";
import type { ArmDocument } from "../../core/index.ts";

export const sqlServers: ResourceAdapter = {
  type: "Microsoft.Sql/servers",
  childTypes: ["Microsoft.Sql/servers/encryptionProtector"],
  readActions: ["Microsoft.Sql/servers/read", "Microsoft.Sql/servers/encryptionProtector/read"],
  list: (clients) => listDocuments(() => clients.sql.servers.list()),
  async collect(clients, id, listed) {
    const [serverName] = id.names as [string];
    const server = listed ?? (await readDocument(() => clients.sql.servers.get(id.resourceGroup, serverName)));
    const protector = await readDocument(() => clients.sql.encryptionProtectors.get(id.resourceGroup, serverName, "current"));
    return [{ doc: server }, { doc: protector, inheritedTags: tagsOf(server) }];
  },
  writers: [
    {
      documentType: "Microsoft.Sql/servers",
      actions: ["Microsoft.Sql/servers/write"],
      async apply(clients, id, changes, direction) {
        await clients.sql.servers.beginUpdateAndWait(id.resourceGroup, id.names[0]!, toSdkParameters(changes, direction));
      },
    },
  ],
};

function tagsOf(doc: ArmDocument): Record<string, string> | null {
  return doc.tags ?? null;
}
