import { listDocuments, readDocument, type Paged, type SubscriptionClients } from "../../azure/index.ts";
import { parseResourceId } from "../../core/index.ts";
import { defineResource } from "../define.ts";
import type { ResourceModule } from "../types.ts";

/** The calls both flexible-server clients offer for servers and their parameters. */
interface ParameterCalls {
  listServers(): Paged;
  listParameters(resourceGroup: string, server: string): Paged;
  getServer(resourceGroup: string, server: string): Promise<unknown>;
  getParameter(resourceGroup: string, server: string, name: string): Promise<unknown>;
  writeParameter(resourceGroup: string, server: string, name: string, parameter: { value?: string; source: string }): Promise<unknown>;
}

/**
 * A flexible server keeps its TLS settings as server parameters, one configuration document
 * each: those documents are what the controls judge, so they are a type of their own and a
 * configuration's event maps to itself. They carry no tags: their server's classify them.
 * The controls pick parameters by name; the workflow skips the hundreds no control reads.
 */
function serverParameters(spec: { type: string; apiVersion: string; client: string; calls(clients: SubscriptionClients): ParameterCalls }): ResourceModule {
  const serverType = spec.type.slice(0, spec.type.lastIndexOf("/"));
  return defineResource({
    type: spec.type,
    apiVersion: spec.apiVersion,
    client: spec.client,
    names: ["server", "parameter"],
    operations: spec.calls,
    async *list(calls) {
      // ARM lists parameters per server only.
      for await (const server of listDocuments(() => calls.listServers())) {
        const serverId = parseResourceId(server.id);
        yield* listDocuments(() => calls.listParameters(serverId.resourceGroup, serverId.name));
      }
    },
    get: (calls, id) => calls.getParameter(id.resourceGroup, id.names[0]!, id.name),
    inheritTags: async (clients, id) => (await readDocument(() => spec.calls(clients).getServer(id.resourceGroup, id.names[0]!))).tags ?? null,
    // `user-override` is what the portal and the CLI send with a value they set.
    update: (calls, id, parameters) => calls.writeParameter(id.resourceGroup, id.names[0]!, id.name, { ...(parameters as { value?: string }), source: "user-override" }),
    actions: { read: [`${serverType}/read`, `${spec.type}/read`], write: [`${spec.type}/write`] },
  });
}

export const postgresqlConfigurations = serverParameters({
  type: "Microsoft.DBforPostgreSQL/flexibleServers/configurations",
  apiVersion: "2025-08-01",
  client: "@azure/arm-postgresql-flexible",
  calls: ({ postgresql }) => ({
    // arm-postgresql-flexible 9 has no servers.list(): listBySubscription is the subscription-wide list.
    listServers: () => postgresql.servers.listBySubscription(),
    listParameters: (resourceGroup, server) => postgresql.configurations.listByServer(resourceGroup, server),
    getServer: (resourceGroup, server) => postgresql.servers.get(resourceGroup, server),
    getParameter: (resourceGroup, server, name) => postgresql.configurations.get(resourceGroup, server, name),
    // PUT, as `az postgres flexible-server parameter set` writes a parameter.
    writeParameter: (resourceGroup, server, name, parameter) => postgresql.configurations.beginPutAndWait(resourceGroup, server, name, parameter),
  }),
});

export const mysqlConfigurations = serverParameters({
  type: "Microsoft.DBforMySQL/flexibleServers/configurations",
  apiVersion: "2021-05-01",
  client: "@azure/arm-mysql-flexible",
  calls: ({ mysql }) => ({
    listServers: () => mysql.servers.list(),
    listParameters: (resourceGroup, server) => mysql.configurations.listByServer(resourceGroup, server),
    getServer: (resourceGroup, server) => mysql.servers.get(resourceGroup, server),
    getParameter: (resourceGroup, server, name) => mysql.configurations.get(resourceGroup, server, name),
    // arm-mysql-flexible 3.1 writes a single parameter only with PATCH (no PUT for configurations).
    writeParameter: (resourceGroup, server, name, parameter) => mysql.configurations.beginUpdateAndWait(resourceGroup, server, name, parameter),
  }),
});
