import type { Anomaly } from "./types.ts";

/**
 * Where anomalies go: the ledger, a webhook, Event Grid. Other parts of the product
 * implement this; without any, anomalies are logged.
 */
export interface AnomalySink {
  readonly name: string;
  record(anomalies: readonly Anomaly[]): Promise<void>;
}

/**
 * Remembers which alerts were already sent, so an anomaly seen again by the next run (the
 * window slides by 15 minutes, not 24 hours) is not sent twice. The ledger can implement it
 * durably; the in-memory one lasts as long as the process.
 */
export interface AlertDeduplicator {
  /** When the alert with this key was last sent, if ever. */
  lastSent(key: string): Promise<number | undefined>;
  remember(key: string, at: number): Promise<void>;
}

export class MemoryDeduplicator implements AlertDeduplicator {
  readonly #sent = new Map<string, number>();

  async lastSent(key: string): Promise<number | undefined> {
    return this.#sent.get(key);
  }

  async remember(key: string, at: number): Promise<void> {
    this.#sent.set(key, at);
  }
}

/** One alert per vault, caller and kind: a token-less caller is known by its addresses. */
export function alertKey(anomaly: Anomaly): string {
  const addresses = anomaly.evidence.addresses;
  const caller = anomaly.caller.oid || anomaly.caller.appid || (Array.isArray(addresses) ? `anonymous@${addresses.join(",")}` : "anonymous");
  return `${anomaly.vault}|${caller}|${anomaly.kind}`;
}

/** One line a person reads: what, where, who and when (the log, a chat message). */
export function describeAnomaly(anomaly: Anomaly): string {
  const who = anomaly.caller.upn || anomaly.caller.oid || anomaly.caller.appid || "a caller without a token";
  return `${anomaly.severity} ${anomaly.kind} on ${anomaly.vault} by ${who} (${anomaly.start} to ${anomaly.end}, score ${anomaly.score})`;
}

export function loggingSink(log: (message: string) => void): AnomalySink {
  return {
    name: "log",
    async record(anomalies) {
      for (const anomaly of anomalies) log(`key access anomaly: ${describeAnomaly(anomaly)} ${JSON.stringify(anomaly.evidence)}`);
    },
  };
}

export interface DispatchOptions {
  sinks: readonly AnomalySink[];
  deduplicator: AlertDeduplicator;
  now: number;
  /** An alert is not repeated within this long of the last time it was sent. */
  windowMs: number;
}

export interface DispatchResult {
  sent: Anomaly[];
  duplicates: number;
  failures: { sink: string; error: string }[];
}

/**
 * Sends each anomaly to every sink that has not had it within the window. Delivery is remembered
 * per sink and alert, so a sink that failed (a webhook that was down) gets the alert on the next
 * run while the sinks that took it are not sent it twice.
 */
export async function dispatchAnomalies(anomalies: readonly Anomaly[], options: DispatchOptions): Promise<DispatchResult> {
  const isFresh = async (key: string) => {
    const last = await options.deduplicator.lastSent(key);
    return last === undefined || options.now - last >= options.windowMs;
  };
  const result: DispatchResult = { sent: [], duplicates: 0, failures: [] };
  const sentSomewhere = new Set<Anomaly>();
  const dueSomewhere = new Set<Anomaly>();
  await Promise.all(
    options.sinks.map(async (sink) => {
      const due: Anomaly[] = [];
      for (const anomaly of anomalies) if (await isFresh(sinkAlertKey(sink, anomaly))) due.push(anomaly);
      if (due.length === 0) return;
      for (const anomaly of due) dueSomewhere.add(anomaly);
      try {
        await sink.record(due);
      } catch (error) {
        result.failures.push({ sink: sink.name, error: error instanceof Error ? error.message : String(error) });
        return;
      }
      for (const anomaly of due) {
        await options.deduplicator.remember(sinkAlertKey(sink, anomaly), options.now);
        sentSomewhere.add(anomaly);
      }
    }),
  );
  result.sent = anomalies.filter((a) => sentSomewhere.has(a));
  result.duplicates = anomalies.filter((a) => !dueSomewhere.has(a)).length;
  return result;
}

/** The deduplication key of one alert at one sink. */
export function sinkAlertKey(sink: Pick<AnomalySink, "name">, anomaly: Anomaly): string {
  return `${sink.name}|${alertKey(anomaly)}`;
}
