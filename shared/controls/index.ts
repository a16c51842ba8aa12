export * from "./types.ts";
export { classificationOf, isAtLeast, CLASSIFICATION_LEVELS, CLASSIFICATION_TAG, DEFAULT_CLASSIFICATION } from "./classification.ts";
export { valueAt } from "./evidence.ts";
export { applyChanges } from "./apply.ts";
export { CATALOG, controlsFor, controlById, isUnjudged } from "./catalog/index.ts";
export { defineControl, policyParamsSchema, requiredFixParams } from "./params.ts";
export { frameworkRefs, policyDefinitionId, type FrameworkRefs } from "./frameworks.ts";
