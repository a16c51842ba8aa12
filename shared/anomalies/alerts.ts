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
 * Sends the anomalies not already sent within the window to every sink. A failing sink does not
 * stop the others; an alert is remembered once at least one sink took it, so when all fail the
 * next run tries again.
 */
export async function dispatchAnomalies(anomalies: readonly Anomaly[], options: DispatchOptions): Promise<DispatchResult> {
  const fresh: Anomaly[] = [];
  for (const anomaly of anomalies) {
    const last = await options.deduplicator.lastSent(alertKey(anomaly));
    if (last === undefined || options.now - last >= options.windowMs) fresh.push(anomaly);
  }
  const result: DispatchResult = { sent: [], duplicates: anomalies.length - fresh.length, failures: [] };
  if (fresh.length === 0) return result;
  const outcomes = await Promise.allSettled(options.sinks.map((sink) => sink.record(fresh)));
  outcomes.forEach((outcome, index) => {
    if (outcome.status === "rejected") {
      const reason: unknown = outcome.reason;
      result.failures.push({ sink: options.sinks[index]!.name, error: reason instanceof Error ? reason.message : String(reason) });
    }
  });
  if (options.sinks.length > 0 && result.failures.length === options.sinks.length) return result;
  for (const anomaly of fresh) await options.deduplicator.remember(alertKey(anomaly), options.now);
  result.sent = fresh;
  return result;
}
