import { isBag, type Bag } from "../../core/index.ts";
import { defineResource, sdkParameters } from "../define.ts";

/** `patch` written over `target` leaf by leaf, so a nested change keeps its siblings. */
function mergeInto(target: Bag, patch: Bag): Bag {
  for (const [key, value] of Object.entries(patch)) {
    const current = target[key];
    target[key] = isBag(value) && isBag(current) ? mergeInto({ ...current }, value) : value;
  }
  return target;
}

export const applicationGateways = defineResource({
  type: "Microsoft.Network/applicationGateways",
  apiVersion: "2026-01-01",
  client: "@azure/arm-network",
  names: ["gateway"],
  graph: { table: "resources" },
  operations: (clients) => clients.network.applicationGateways,
  list: (ops) => ops.listAll(),
  get: (ops, id) => ops.get(id.resourceGroup, id.name),
  // A gateway has no PATCH for its properties (updateTags only): the write is a PUT of the
  // whole gateway, and ARM checks join rights on every subnet, public IP and WAF policy it
  // references, and assign rights on its user-assigned identities. Those rights reach far beyond
  // the gateway (joining any subnet, assigning any identity), so only the opt-in role grants them.
  actions: {
    read: ["Microsoft.Network/applicationGateways/read"],
    write: ["Microsoft.Network/applicationGateways/write"],
    optIn: [
      "Microsoft.Network/virtualNetworks/subnets/join/action",
      "Microsoft.Network/publicIPAddresses/join/action",
      "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies/join/action",
      "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action",
    ],
  },
  async write(ops, _clients, id, changes, direction) {
    const gateway = await ops.get(id.resourceGroup, id.name);
    await ops.createOrUpdate(id.resourceGroup, id.name, mergeInto({ ...gateway }, sdkParameters({}, changes, direction)));
  },
});
