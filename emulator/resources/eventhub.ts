import type { ResourceTypeSpec } from "./spec.ts";

/** arm-eventhub 6 (modular): namespace create is an LRO (rlc "azure-async-operation"); update is a synchronous PATCH (200/201/202). */
export const eventHubSpecs: ResourceTypeSpec[] = [{ type: "Microsoft.EventHub/namespaces", put: { lro: true }, patch: { lro: false } }];
