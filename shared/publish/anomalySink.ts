import type { AnomalySink } from "../anomalies/alerts.ts";
import { keyAccessAnomalyEvent } from "./events.ts";
import type { GuardEventPublisher } from "./publisher.ts";

/** Key access anomalies as EncryptionGuard.KeyAccessAnomaly events; a failed publish fails the sink, so the alert is tried again. */
export function eventGridAnomalySink(publisher: GuardEventPublisher): AnomalySink {
  return {
    name: "event-grid",
    async record(anomalies) {
      const { failed } = await publisher.publish(anomalies.map(keyAccessAnomalyEvent));
      if (failed > 0) throw new Error(`${failed} of ${anomalies.length} KeyAccessAnomaly event(s) not published`);
    },
  };
}
