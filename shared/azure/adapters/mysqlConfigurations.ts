import { serverParametersAdapter } from "./serverParameters.ts";
import { listDocuments, readDocument } from "./wire.ts";

export const mysqlConfigurations = serverParametersAdapter({
  type: "Microsoft.DBforMySQL/flexibleServers/configurations",
  listServers: (clients) => listDocuments(() => clients.mysql.servers.list()),
  listParameters: (clients, resourceGroup, server) => listDocuments(() => clients.mysql.configurations.listByServer(resourceGroup, server)),
  readServer: (clients, resourceGroup, server) => readDocument(() => clients.mysql.servers.get(resourceGroup, server)),
  readParameter: (clients, resourceGroup, server, name) => readDocument(() => clients.mysql.configurations.get(resourceGroup, server, name)),
  // arm-mysql-flexible 3.1 writes a single parameter only with PATCH (no PUT for configurations).
  writeParameter: (clients, resourceGroup, server, name, parameter) => clients.mysql.configurations.beginUpdateAndWait(resourceGroup, server, name, parameter),
});
