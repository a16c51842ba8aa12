import { defineResource } from "../define.ts";

/** Classic Front Door: its frontend endpoints, with their HTTPS settings, are part of the front door's own document. */
export const frontDoors = defineResource({
  type: "Microsoft.Network/frontDoors",
  apiVersion: "2025-11-01",
  client: "@azure/arm-frontdoor",
  names: ["front-door"],
  operations: (clients) => clients.frontDoor.frontDoors,
  list: (ops) => ops.list(),
  get: (ops, id) => ops.get(id.resourceGroup, id.name),
  childTypes: ["Microsoft.Network/frontDoors/frontendEndpoints"],
  actions: { read: ["Microsoft.Network/frontDoors/read"] },
});
