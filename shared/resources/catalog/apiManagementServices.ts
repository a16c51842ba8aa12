import { defineResource } from "../define.ts";

const CUSTOM_PROPERTIES = "properties.customProperties";

/**
 * API Management keeps its protocol and cipher switches in `customProperties`, whose keys
 * contain dots (`Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Protocols.Tls10`): the
 * writer sends the map as one value instead of splitting its keys into a path. A PATCH resets
 * every switch it leaves out to its default, so the fix always writes the whole map.
 */
export const apiManagementServices = defineResource({
  type: "Microsoft.ApiManagement/service",
  apiVersion: "2024-05-01",
  client: "@azure/arm-apimanagement",
  names: ["service"],
  operations: (clients) => clients.apiManagement.apiManagementService,
  list: (ops) => ops.list(),
  get: (ops, id) => ops.get(id.resourceGroup, id.name),
  actions: { read: ["Microsoft.ApiManagement/service/read"], write: ["Microsoft.ApiManagement/service/write"] },
  async write(ops, _clients, id, changes, direction) {
    const unsupported = changes.filter((c) => c.path !== CUSTOM_PROPERTIES);
    if (unsupported.length > 0) throw new Error(`Microsoft.ApiManagement/service: only ${CUSTOM_PROPERTIES} is written, not ${unsupported.map((c) => c.path).join(", ")}`);
    const customProperties = changes.find((c) => c.path === CUSTOM_PROPERTIES)?.[direction];
    await ops.beginUpdateAndWait(id.resourceGroup, id.name, { customProperties: (customProperties ?? {}) as Record<string, string> });
  },
});
