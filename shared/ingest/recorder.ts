import type { AnomalySink } from "../anomalies/alerts.ts";
import type { ActionRecord, RecordedFinding, Recorder } from "../store/types.ts";
import type { FindingsLog } from "./findingsLog.ts";
import { actionRow, anomalyRow, findingRow } from "./rows.ts";

/**
 * A recorder that sends what it records to the findings log as well: every finding of every
 * evaluation (the workbook's posture and trend are built from them) and every state of every
 * action. The ledger is written first; a send that fails is logged by the log and never fails
 * the recording.
 */
export function ingestingRecorder(inner: Recorder, log: FindingsLog): Recorder {
  return {
    async recordFindings(findings: readonly RecordedFinding[], at: Date) {
      await inner.recordFindings(findings, at);
      await log.send(findings.map((finding) => findingRow(finding, at)));
    },
    async recordAction(action: ActionRecord) {
      await inner.recordAction(action);
      await log.send([actionRow(action)]);
    },
  };
}

/** Key access anomalies as rows of the findings log; a failed send fails the sink, so the alert is tried again. */
export function findingsLogAnomalySink(log: FindingsLog, now: () => Date = () => new Date()): AnomalySink {
  return {
    name: "findings-log",
    async record(anomalies) {
      const at = now();
      const { failed } = await log.send(anomalies.map((anomaly) => anomalyRow(anomaly, at)));
      if (failed > 0) throw new Error(`${failed} of ${anomalies.length} anomaly row(s) not sent to the findings log`);
    },
  };
}
