export { isBag, type ArmDocument, type Bag, type HeldResource, type HeldResources, type PropertyChange } from "./arm.ts";
export { silentLogger, type Logger } from "./logger.ts";
export { isSelfOrChildOf, parseArmScope, parseResourceId, resourceKey, resourceNameOf, ResourceIdError, sameType, type ArmScope, type ResourceId } from "./resourceId.ts";
export { ConcurrencyLimit, forEachConcurrently, mapConcurrently } from "./concurrency.ts";
