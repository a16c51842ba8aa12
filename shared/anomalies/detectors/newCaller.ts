import { HOUR_MS, type HourlyAggregate } from "../aggregate.ts";
import type { ActivityIndex } from "../activity.ts";
import { operationFamily } from "../operations.ts";
import { unseenProbability } from "../statistics.ts";
import type { Anomaly } from "../types.ts";
import { anomalyOf, countByOperation, distinctAddresses, round } from "./anomaly.ts";
import type { DetectorOptions } from "./options.ts";

const usesKeysOrSecrets = (request: HourlyAggregate) => request.resultClass === "success" && operationFamily(request.operation) !== undefined;

/**
 * new-caller: an identity never seen on the vault in the baseline performs crypto operations or
 * reads secrets or keys. Only vaults with `minHistoryHours` of history are judged (on a new vault
 * everyone is new). The score is the Good-Turing chance that the vault's next caller is a new
 * one: a vault used by the same few services for weeks makes a newcomer far more surprising than
 * one that sees new pipelines every day.
 */
export function detectNewCallers(index: ActivityIndex, options: DetectorOptions): Anomaly[] {
  const { period } = index;
  const knownElsewhere = new Set(index.pairs.filter((pair) => pair.firstSeen !== undefined).map((pair) => pair.callerKey));
  const anomalies: Anomaly[] = [];
  for (const pair of index.pairs) {
    if (pair.anonymous || pair.firstSeen !== undefined) continue;
    const vaultStart = index.vaultFirstSeen.get(pair.vault);
    if (vaultStart === undefined || period.windowStart - vaultStart < options.minHistoryHours * HOUR_MS) continue;
    const requests = pair.window.filter(usesKeysOrSecrets);
    if (requests.length === 0) continue;
    const callerHours = index.vaultCallerHours.get(pair.vault) ?? new Map<string, number>();
    const chanceOfNew = unseenProbability(callerHours.values());
    anomalies.push(
      anomalyOf("new-caller", pair, requests, chanceOfNew < 0.05 ? "high" : "medium", Math.log(chanceOfNew), {
        operations: countByOperation(requests),
        addresses: distinctAddresses(requests),
        knownCallers: callerHours.size,
        chanceOfNewCaller: round(chanceOfNew, 4),
        knownOnOtherVaults: knownElsewhere.has(pair.callerKey),
      }),
    );
  }
  return anomalies;
}
