import { HOUR_MS } from "../aggregate.ts";
import type { ActivityIndex } from "../activity.ts";
import { sensitiveImpact, type SensitiveImpact } from "../operations.ts";
import { lowerSeverity, severityRank, type Anomaly, type Severity } from "../types.ts";
import { anomalyOf, countByOperation, distinctAddresses, logChanceOfOccurrence } from "./anomaly.ts";
import type { DetectorOptions } from "./options.ts";

const SEVERITY_BY_IMPACT: Readonly<Record<SensitiveImpact, Severity>> = {
  destructive: "critical",
  exfiltration: "high",
  configuration: "medium",
};

/**
 * sensitive-operation: a successful delete, purge, backup, restore, key release or export, or a
 * change of the vault's access configuration. Always reported, whoever did it; a caller that did
 * the same operation on the vault in the baseline (a scheduled backup) gets one severity lower.
 * The score is how unlikely at least one such operation in the window was from the caller's own
 * baseline rate (half an occurrence when it never did it).
 */
export function detectSensitiveOperations(index: ActivityIndex, _options: DetectorOptions): Anomaly[] {
  const { period } = index;
  const baselineHours = (period.windowStart - period.baselineStart) / HOUR_MS;
  const windowHours = (period.windowEnd - period.windowStart) / HOUR_MS;
  const anomalies: Anomaly[] = [];
  for (const pair of index.pairs) {
    if (pair.anonymous) continue;
    const requests = pair.window.filter((request) => request.resultClass === "success" && sensitiveImpact(request.operation) !== undefined);
    if (requests.length === 0) continue;
    const routineOperations = [...pair.baseline.sensitive.keys()].sort();
    const routine = new Set(routineOperations.map((operation) => operation.toLowerCase()));
    let severity: Severity = "low";
    for (const request of requests) {
      const impact = SEVERITY_BY_IMPACT[sensitiveImpact(request.operation)!];
      const judged = routine.has(request.operation.toLowerCase()) ? lowerSeverity(impact) : impact;
      if (severityRank(judged) > severityRank(severity)) severity = judged;
    }
    const baselineOccurrences = new Set([...pair.baseline.sensitive.values()].flatMap((hours) => [...hours])).size;
    const logP = logChanceOfOccurrence(baselineOccurrences, baselineHours, windowHours);
    anomalies.push(
      anomalyOf("sensitive-operation", pair, requests, severity, logP, {
        operations: countByOperation(requests),
        addresses: distinctAddresses(requests),
        routineOperations,
      }),
    );
  }
  return anomalies;
}
