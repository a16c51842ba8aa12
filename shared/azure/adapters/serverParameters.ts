import type { SubscriptionClients } from "../clients.ts";
import { toSdkParameters } from "./wire.ts";
import type { ResourceAdapter } from "./types.ts";
import { type ArmDocument, parseResourceId } from "../../core/index.ts";

/** The body of a server parameter write, as both flexible-server clients model it. */
export interface ParameterWrite {
  value?: string;
  source: string;
}

export interface ServerParametersSpec {
  /** The configuration type, e.g. `Microsoft.DBforPostgreSQL/flexibleServers/configurations`. */
  type: string;
  listServers(clients: SubscriptionClients): AsyncIterable<ArmDocument>;
  listParameters(clients: SubscriptionClients, resourceGroup: string, server: string): AsyncIterable<ArmDocument>;
  readServer(clients: SubscriptionClients, resourceGroup: string, server: string): Promise<ArmDocument>;
  readParameter(clients: SubscriptionClients, resourceGroup: string, server: string, name: string): Promise<ArmDocument>;
  writeParameter(clients: SubscriptionClients, resourceGroup: string, server: string, name: string, parameter: ParameterWrite): Promise<unknown>;
}

/**
 * A flexible server keeps its TLS settings as server parameters, one configuration document
 * each: those documents are what the controls judge, so they are this adapter's own type and a
 * configuration's event maps to itself. They carry no tags: the server's classify them.
 */
export function serverParametersAdapter(spec: ServerParametersSpec): ResourceAdapter {
  const serverType = spec.type.slice(0, spec.type.lastIndexOf("/"));
  return {
    type: spec.type,
    childTypes: [],
    readActions: [`${serverType}/read`, `${spec.type}/read`],
    async *list(clients) {
      // ARM lists parameters per server only.
      for await (const server of spec.listServers(clients)) {
        const serverId = parseResourceId(server.id);
        yield* spec.listParameters(clients, serverId.resourceGroup, serverId.name);
      }
    },
    async collect(clients, id, listed) {
      const [server, name] = id.names as [string, string];
      const parameter = listed ?? (await spec.readParameter(clients, id.resourceGroup, server, name));
      const serverDoc = await spec.readServer(clients, id.resourceGroup, server);
      return [{ doc: parameter, inheritedTags: serverDoc.tags ?? null }];
    },
    writers: [
      {
        documentType: spec.type,
        actions: [`${spec.type}/write`],
        async apply(clients, id, changes, direction) {
          const [server, name] = id.names as [string, string];
          // `user-override` is what the portal and the CLI send with a value they set.
          const parameter = { ...(toSdkParameters(changes, direction) as { value?: string }), source: "user-override" };
          await spec.writeParameter(clients, id.resourceGroup, server, name, parameter);
        },
      },
    ],
  };
}
