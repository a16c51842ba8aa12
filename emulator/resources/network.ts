import type { ResourceTypeSpec } from "./spec.ts";

/**
 * arm-network 39 (modular): application gateway create is an LRO (rlc
 * "azure-async-operation"); `updateTags` is a synchronous PATCH that accepts 200 only.
 *
 * Classic Front Door (arm-frontdoor 6, modular): the front door's GET carries its frontend
 * endpoints with their read-only `customHttpsConfiguration`; an endpoint is also addressable as
 * `frontDoors/{fd}/frontendEndpoints/{e}` (its list items come without a `type`), but HTTPS is
 * changed through the endpoint's `enableHttps` action, never a PUT of the endpoint.
 */
export const networkSpecs: ResourceTypeSpec[] = [
  { type: "Microsoft.Network/applicationGateways", put: { lro: true }, patch: { lro: false } },
  { type: "Microsoft.Network/frontDoors", put: { lro: true } },
  { type: "Microsoft.Network/frontDoors/frontendEndpoints" },
];
