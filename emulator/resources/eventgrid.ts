import type { ResourceTypeSpec } from "./spec.ts";

/** arm-eventgrid 14.1 (classic, LroEngine): topic and domain create and update are LROs (update rlc "location", returning void). */
export const eventGridSpecs: ResourceTypeSpec[] = [
  { type: "Microsoft.EventGrid/topics", put: { lro: true }, patch: { lro: true } },
  { type: "Microsoft.EventGrid/domains", put: { lro: true }, patch: { lro: true } },
];
