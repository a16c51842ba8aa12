import type { ResourceTypeSpec } from "./spec.ts";

/**
 * arm-network 39 (modular): application gateway create is an LRO (rlc
 * "azure-async-operation"); `updateTags` is a synchronous PATCH that accepts 200 only.
 */
export const networkSpecs: ResourceTypeSpec[] = [{ type: "Microsoft.Network/applicationGateways", put: { lro: true }, patch: { lro: false } }];
