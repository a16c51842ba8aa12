import { serverParametersAdapter } from "./serverParameters.ts";
import { listDocuments, readDocument } from "./wire.ts";

export const postgresqlConfigurations = serverParametersAdapter({
  type: "Microsoft.DBforPostgreSQL/flexibleServers/configurations",
  // arm-postgresql-flexible 9 has no servers.list(): listBySubscription is the subscription-wide list.
  listServers: (clients) => listDocuments(() => clients.postgresql.servers.listBySubscription()),
  listParameters: (clients, resourceGroup, server) => listDocuments(() => clients.postgresql.configurations.listByServer(resourceGroup, server)),
  readServer: (clients, resourceGroup, server) => readDocument(() => clients.postgresql.servers.get(resourceGroup, server)),
  readParameter: (clients, resourceGroup, server, name) => readDocument(() => clients.postgresql.configurations.get(resourceGroup, server, name)),
  // PUT, as `az postgres flexible-server parameter set` writes a parameter.
  writeParameter: (clients, resourceGroup, server, name, parameter) => clients.postgresql.configurations.beginPutAndWait(resourceGroup, server, name, parameter),
});
