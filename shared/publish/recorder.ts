import type { Status } from "../controls/types.ts";
import type { ActionRecord, RecordedFinding, Recorder } from "../store/types.ts";
import { findingChangeEvents, remediationEvent } from "./events.ts";
import type { GuardEventPublisher } from "./publisher.ts";

/** The statuses the ledger holds for a resource's findings, before a new evaluation is recorded. */
export type PreviousStatuses = (resourceId: string) => Promise<readonly { controlId: string; status: Status }[]>;

/**
 * A recorder that publishes what changed: FindingOpened and FindingResolved from the status each
 * finding had before it is recorded, RemediationApplied and RemediationFailed from a fix's final
 * action, RollbackApplied from a rollback's. A publish failure is logged by the publisher and never fails the recording.
 */
export function publishingRecorder(inner: Recorder, previousStatuses: PreviousStatuses, publisher: GuardEventPublisher): Recorder {
  return {
    async recordFindings(findings: readonly RecordedFinding[], at: Date) {
      const before = new Map<string, Status>();
      for (const resourceId of new Set(findings.map((f) => f.resourceId))) {
        for (const previous of await previousStatuses(resourceId)) before.set(`${resourceId.toLowerCase()}\n${previous.controlId}`, previous.status);
      }
      await inner.recordFindings(findings, at);
      const events = findingChangeEvents(
        findings.map((after) => {
          const status = before.get(`${after.resourceId.toLowerCase()}\n${after.controlId}`);
          return status === undefined ? { after } : { before: status, after };
        }),
        at,
      );
      if (events.length > 0) await publisher.publish(events);
    },
    async recordAction(action: ActionRecord) {
      await inner.recordAction(action);
      const event = remediationEvent(action);
      if (event) await publisher.publish([event]);
    },
  };
}
