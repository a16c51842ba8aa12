// The SDK clients themselves (clients.ts) are not re-exported: importing them loads every
// @azure/arm-* package, which only the runtime factory should pay for, once.
export type { ArmClients, SubscriptionClients } from "./clients.ts";
export { armClientOptions, PUBLIC_ARM_ENDPOINT, type ArmConnection } from "./clientOptions.ts";
export { createCredential, type CredentialKind } from "./credential.ts";
export { ARM_REFILL_RATES, pacingPolicy, RatePacer, type PacerOptions, type PacerStats, type RefillRates } from "./pacing.ts";
export { changesUnder, listDocuments, readDocument, setPath, toSdkParameters, UnexpectedArmResponseError, type Paged } from "./wire.ts";
