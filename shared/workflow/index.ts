export { runScan, scanResource, scanTarget, targetOf, type ScanOptions, type ScanOutcome, type ScanResult } from "./scanResource.ts";
export { sweep, type SweepOptions, type SweepOutcome, type SweepProgress } from "./sweep.ts";
export { enqueueSweep, runGraphShard, runShard, type QueuedSweep, type ShardOutcome, type SweepScope } from "./shards.ts";
export { DeliveryTooLarge, intake, MAX_EVENTS_PER_DELIVERY, type IntakeOutcome } from "./intake.ts";
export { DEFAULT_MAX_DEQUEUE_COUNT, handleDelivery, processWorkItem, type WorkResult } from "./worker.ts";
export { rollback, ROLLBACK_EXCEPTION_DAYS, RollbackRefused, type RollbackOutcome, type RollbackRefusal, type RollbackRequest } from "./rollback.ts";
export { beforeStateDigest } from "./rollbackReview.ts";
export { controlFits, requestRemediation, type RemediationAnswer, type RemediationAsk } from "./remediation.ts";
export { refreshScopes, scopeCheck, scopeOf, sweepSubscriptions } from "./scope.ts";
export { ManagementGroupMembers, MEMBERSHIP_TTL_MS } from "./membership.ts";
export type { GuardRuntime, QueuedRuntime } from "./runtime.ts";
export {
  createRuntime,
  isQueued,
  ledgerTables,
  runtimeFromSettings,
  serviceIdentityOf,
  settingsCredential,
  storageConnection,
  type QueuedRuntimeOptions,
  type RuntimeOptions,
} from "./createRuntime.ts";
