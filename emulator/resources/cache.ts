import type { ResourceTypeSpec } from "./spec.ts";

/** arm-rediscache 8.2 (classic): create and update are LROs; update's rlc is "location". */
export const cacheSpecs: ResourceTypeSpec[] = [{ type: "Microsoft.Cache/redis", put: { lro: true }, patch: { lro: true } }];
