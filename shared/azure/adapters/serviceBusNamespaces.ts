import { genericPropertiesAdapter } from "./genericProperties.ts";
import { listDocuments } from "./wire.ts";

/** The typed client's 2021-11-01 has no minimumTlsVersion (it arrived in 2022-01-01-preview); the stable 2024-01-01 has it. */
export const serviceBusNamespaces = genericPropertiesAdapter({
  type: "Microsoft.ServiceBus/namespaces",
  apiVersion: "2024-01-01",
  list: (clients) => listDocuments(() => clients.serviceBus.namespaces.list()),
});
