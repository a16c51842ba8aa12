import type { ResourceTypeSpec } from "./spec.ts";

/**
 * arm-servicebus 6.1 (classic, LroEngine): namespace create is an LRO; update is a
 * synchronous PATCH. Its models lack `minimumTlsVersion`, so callers read and patch that
 * through the generic resources API, which lands on the same routes.
 */
export const serviceBusSpecs: ResourceTypeSpec[] = [{ type: "Microsoft.ServiceBus/namespaces", put: { lro: true }, patch: { lro: false } }];
