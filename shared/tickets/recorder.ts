import type { ActionRecord, RecordedFinding, Recorder } from "../store/types.ts";
import { observationsFromScan } from "./observations.ts";
import type { Ticketing } from "./ticketing.ts";

/**
 * A recorder that also puts ticket intents in the outbox: a pending ticket action is the intent
 * to open (or keep) a ticket, and a compliant, exempt or no longer applicable finding, or a
 * confirmed fix, the intent to close one. Every scan path records through the runtime's recorder,
 * so events, sweeps and HTTP scans all feed the tickets without knowing of them.
 */
export function ticketingRecorder(inner: Recorder, ticketing: Ticketing): Recorder {
  return {
    async recordFindings(findings: readonly RecordedFinding[], at: Date) {
      await inner.recordFindings(findings, at);
      await ticketing.record(observationsFromScan({ findings, actions: [] }, { observedAt: at }));
    },
    async recordAction(action: ActionRecord) {
      await inner.recordAction(action);
      await ticketing.record(observationsFromScan({ findings: [], actions: [action] }, { observedAt: new Date(action.finishedAt ?? action.startedAt) }));
    },
  };
}
