import { defineResource } from "../define.ts";

/**
 * An AKS cluster's document carries its agent pools (`agentPoolProfiles`), so a pool's own
 * write re-evaluates the cluster. No control fixes a cluster: KMS, host encryption and the disk
 * encryption set are set at creation or through a new node pool.
 */
export const managedClusters = defineResource({
  type: "Microsoft.ContainerService/managedClusters",
  apiVersion: "2026-06-01",
  client: "@azure/arm-containerservice",
  names: ["cluster"],
  operations: (clients) => clients.containerService.managedClusters,
  list: (ops) => ops.list(),
  get: (ops, id) => ops.get(id.resourceGroup, id.name),
  childTypes: ["Microsoft.ContainerService/managedClusters/agentPools"],
  actions: { read: ["Microsoft.ContainerService/managedClusters/read"] },
});
