// The SDK clients themselves (clients.ts) are not re-exported: importing them loads every
// @azure/arm-* package, which only the runtime factory should pay for, once.
export type { ArmClients, SubscriptionClients } from "./clients.ts";
export type { KeyVaultClients } from "./keyVaultClients.ts";
export { armClientOptions, DEFAULT_REQUEST_TIMEOUT_MS, PUBLIC_ARM_ENDPOINT, RequestTimeoutError, type ArmConnection } from "./clientOptions.ts";
export { createCredential, type CredentialKind } from "./credential.ts";
export type { GraphPage, ResourceGraph } from "./graph.ts";
export type { GraphScope } from "./graphScopes.ts";
export { GRAPH_MAX_SUBSCRIPTIONS, GRAPH_PAGE_SIZE, graphScopes } from "./graphScopes.ts";
export { GraphQuotaPacer, graphPacingPolicy, parseResetsAfter, type GraphQuotaStats } from "./graphPacing.ts";
export { SteppingClock, systemClock, type Clock } from "./clock.ts";
export { ARM_REFILL_RATES, pacingPolicy, RatePacer, type PacerOptions, type PacerStats, type PacerTicket, type RefillRates } from "./pacing.ts";
export { changesUnder, listDocuments, readDocument, setPath, toSdkParameters, UnexpectedArmResponseError, type Paged } from "./wire.ts";
export {
  defaultVaultDnsSuffix,
  EMULATOR_VAULT_DNS_SUFFIX,
  isLocalhostName,
  KEY_VAULT_DEFAULT_SHARE,
  KEY_VAULT_LIMIT,
  keyVaultClientOptions,
  KeyVaultPacer,
  keyVaultPacingPolicy,
  localhostResolverPolicy,
  PUBLIC_VAULT_DNS_SUFFIX,
  sameVaultPolicy,
  vaultUrlOf,
  type KeyVaultConnection,
  type KeyVaultPacerOptions,
  type KeyVaultPacerStats,
  type VaultUrl,
} from "./keyVault.ts";
