import type { ResourceTypeSpec } from "./spec.ts";

/** arm-storage 21 (modular): create is an LRO (rlc location); update is synchronous and accepts 200 only. */
export const storageSpecs: ResourceTypeSpec[] = [
  {
    type: "Microsoft.Storage/storageAccounts",
    put: { lro: true },
    patch: { lro: false },
  },
];
