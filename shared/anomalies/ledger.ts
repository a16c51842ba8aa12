import { digest, resourcePart } from "../store/keys.ts";
import type { RowStore, TableSource } from "../store/rows.ts";
import { alertKey, type AlertDeduplicator, type AnomalySink } from "./alerts.ts";
import type { Anomaly } from "./types.ts";

const ALERT_ROW = "alert";

/**
 * Key access anomalies in the ledger's tables (joining it the way the ticket outbox does):
 * - anomalies: every anomaly sent, one partition per vault, rows in the order they started;
 * - anomalyAlerts: when each alert (vault, caller, kind) was last sent, so a new worker process
 *   does not send it again within the window.
 * The keyAccess timer runs on one instance at a time (the host holds a lease for a timer
 * trigger), so plain writes suffice: no two runs race to send the same alert.
 */
export class AnomalyLedger implements AnomalySink, AlertDeduplicator {
  readonly name = "ledger";
  readonly #anomalies: RowStore;
  readonly #alerts: RowStore;

  constructor(tables: TableSource) {
    this.#anomalies = tables.open("anomalies");
    this.#alerts = tables.open("anomalyAlerts");
  }

  /** Idempotent: a run that dies before remembering the alert writes the same row again next time. */
  async record(anomalies: readonly Anomaly[]): Promise<void> {
    for (const anomaly of anomalies) {
      const fields = {
        kind: anomaly.kind,
        vault: anomaly.vault,
        callerOid: anomaly.caller.oid,
        callerAppid: anomaly.caller.appid,
        callerUpn: anomaly.caller.upn,
        start: anomaly.start,
        end: anomaly.end,
        severity: anomaly.severity,
        score: anomaly.score,
        evidence: JSON.stringify(anomaly.evidence),
      };
      await this.#anomalies.write(resourcePart(anomaly.vault), [{ row: `${anomaly.start}~${digest(alertKey(anomaly))}`, fields }]);
    }
  }

  async lastSent(key: string): Promise<number | undefined> {
    const row = await this.#alerts.get(digest(key), ALERT_ROW);
    return row ? Date.parse(String(row.fields.sentAt)) : undefined;
  }

  async remember(key: string, at: number): Promise<void> {
    await this.#alerts.write(digest(key), [{ row: ALERT_ROW, fields: { key: key.slice(0, 1000), sentAt: new Date(at).toISOString() } }]);
  }
}
