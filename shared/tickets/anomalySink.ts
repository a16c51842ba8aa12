import { describeAnomaly, type AnomalySink } from "../anomalies/alerts.ts";
import type { TicketSink as TicketSinkConfig } from "../config/policy.ts";
import type { Environment } from "./commandLine.ts";
import { createWebhookSink } from "./sinks/index.ts";

/**
 * The policy's webhook sinks as alert sinks: one `anomaly.detected` POST per anomaly, signed
 * like a ticket event. Issue trackers are left out: every issue carrying our marker belongs to a
 * finding's lifecycle (the ledger adopts and closes them by fingerprint), which an alert has not.
 */
export function anomalySinksFromPolicy(configs: readonly TicketSinkConfig[], env: Environment = process.env): AnomalySink[] {
  return configs.flatMap((config) => {
    if (config.type !== "webhook") return [];
    const webhook = createWebhookSink(config, env);
    const sink: AnomalySink = {
      name: webhook.id,
      async record(anomalies) {
        // Each alert on its own: one refused POST does not keep the others from the receiver.
        const outcomes = await Promise.allSettled(anomalies.map((anomaly) => webhook.send("anomaly.detected", `Key access anomaly: ${describeAnomaly(anomaly)}`, { ...anomaly })));
        const failed = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason)] : []));
        if (failed.length > 0) throw new Error(`${failed.length} of ${anomalies.length} alert(s) not delivered: ${failed[0]}`);
      },
    };
    return [sink];
  });
}
