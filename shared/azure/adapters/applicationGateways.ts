import { listDocuments, readDocument, toSdkParameters } from "./wire.ts";
import type { ResourceAdapter } from "./types.ts";

type Bag = Record<string, unknown>;

function isBag(value: unknown): value is Bag {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** `patch` written over `target` leaf by leaf, so a nested change keeps its siblings. */
function mergeInto(target: Bag, patch: Bag): Bag {
  for (const [key, value] of Object.entries(patch)) {
    const current = target[key];
    target[key] = isBag(value) && isBag(current) ? mergeInto({ ...current }, value) : value;
  }
  return target;
}

export const applicationGateways: ResourceAdapter = {
  type: "Microsoft.Network/applicationGateways",
  childTypes: [],
  readActions: ["Microsoft.Network/applicationGateways/read"],
  list: (clients) => listDocuments(() => clients.network.applicationGateways.listAll()),
  async collect(clients, id, listed) {
    return [{ doc: listed ?? (await readDocument(() => clients.network.applicationGateways.get(id.resourceGroup, id.name))) }];
  },
  writers: [
    {
      documentType: "Microsoft.Network/applicationGateways",
      // A gateway has no PATCH for its properties (updateTags only): the write is a PUT of the
      // whole gateway, and ARM checks join rights on every subnet, public IP and WAF policy it
      // references, and assign rights on its user-assigned identities.
      actions: [
        "Microsoft.Network/applicationGateways/write",
        "Microsoft.Network/virtualNetworks/subnets/join/action",
        "Microsoft.Network/publicIPAddresses/join/action",
        "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies/join/action",
        "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action",
      ],
      async apply(clients, id, changes, direction) {
        const gateways = clients.network.applicationGateways;
        const gateway = await gateways.get(id.resourceGroup, id.name);
        const updated = mergeInto({ ...gateway }, toSdkParameters(changes, direction));
        await gateways.createOrUpdate(id.resourceGroup, id.name, updated);
      },
    },
  ],
};
