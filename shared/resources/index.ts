export { CERTIFICATE_READ_DATA_ACTION, CERTIFICATE_TYPE, certificateDocument, DIAGNOSTIC_SETTINGS_KEY, EXPORTED_VAULT_PLACE, fromAzCertificate, RESOURCES } from "./catalog/index.ts";
export { defineResource, genericResource, sdkParameters, type ChildRead, type ResourceSpec } from "./define.ts";
export { placeholderNames } from "./names.ts";
export { coveredWriteOperations, eventFilterGroups, OPERATIONS_PER_EVENT_SUBSCRIPTION, rolePermissions, type RolePermissions } from "./permissions.ts";
export { covers, evaluationTarget, moduleForType, writerFor, type EvaluationTarget } from "./registry.ts";
export { graphListing, graphQuery, SUBSCRIPTIONS_QUERY, type GraphFilter } from "./graph.ts";
export type { CollectedDocument, Direction, DocumentSource, DocumentWriter, GraphListing, GraphSource, ResourceModule } from "./types.ts";
