import type { ResourceTypeSpec } from "./spec.ts";

/**
 * arm-containerservice 25 (modular): cluster and agent pool writes are LROs. A cluster's GET
 * carries every agent pool in `properties.agentPoolProfiles`; a pool is also a child resource
 * of its own (`managedClusters/{c}/agentPools/{p}`), which is what a node pool write names.
 */
export const containerServiceSpecs: ResourceTypeSpec[] = [
  { type: "Microsoft.ContainerService/managedClusters", put: { lro: true }, patch: { lro: true } },
  { type: "Microsoft.ContainerService/managedClusters/agentPools", put: { lro: true } },
];
