export { BLAST_RADIUS_ALERT, ESTATE_SCOPE, GUARD_ALERTS, guardAlert, SWEEP_SHARE_ALERT, type AlertInput } from "./alerts.ts";
export { BlastRadiusBreaker, type BreakerVerdict } from "./breaker.ts";
export { afterFix, DRIFT_WINDOW_MS, driftException, withException } from "./drift.ts";
export { isOwnWrite, type ServiceIdentity } from "./loopGuard.ts";
export { SHARE_CAP_FLOOR, sweepShareVerdict, type ShareVerdict } from "./sweepShare.ts";
