import { genericResource } from "../define.ts";

export const serviceBusNamespaces = genericResource({
  type: "Microsoft.ServiceBus/namespaces",
  apiVersion: "2024-01-01",
  why: "@azure/arm-servicebus 6.1 pins 2021-11-01, which has no minimumTlsVersion (it arrived in 2022-01-01-preview)",
  names: ["namespace"],
  graph: { table: "resources" },
  list: (clients) => clients.serviceBus.namespaces.list(),
});
