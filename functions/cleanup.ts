import type { InvocationContext, Timer } from "@azure/functions";
import { expireRows, type RetentionReport } from "../shared/store/index.ts";
import { hostRuntime, type RuntimeFactory } from "./hostRuntime.ts";

/**
 * Timer trigger: deletes what the ledger keeps only for a while (processed-event markers,
 * idempotency keys, anomaly rows, daily posture rows) once past its retention
 * (GUARD_RETENTION_*_DAYS; docs/operations.md has the defaults), so the ledger grows with the
 * estate, not with its history.
 */
export function cleanupHandler(getRuntime: RuntimeFactory) {
  return async (_timer: Timer, context: InvocationContext): Promise<RetentionReport> => {
    const runtime = await getRuntime(context);
    const report = await expireRows(runtime.ledger.tables, runtime.settings.retention, runtime.now());
    context.info(`cleanup: ${JSON.stringify(report)}`);
    return report;
  };
}

export const cleanupTimer = cleanupHandler(hostRuntime);
