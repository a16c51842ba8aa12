import { SinkError, unexpectedFailure, type FailureKind } from "./errors.ts";
import { applyIntent, type LifecycleContext, type LifecycleStep } from "./lifecycle.ts";
import type { TicketSink } from "./sinks/types.ts";
import type { OutboxEntry, TicketStore } from "./store.ts";
import type { Logger } from "../core/index.ts";

export interface BackoffPolicy {
  /** The first retry waits about this long; each further one twice as long. */
  baseMs: number;
  maxMs: number;
  /** After a permanent failure the entry waits this long, in case someone fixes the setting meanwhile. */
  parkMs: number;
  /** How long a worker holds an entry it is delivering; a crashed worker's entry is free again after it. */
  leaseMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 30_000, maxMs: 60 * 60_000, parkMs: 6 * 60 * 60_000, leaseMs: 2 * 60_000 };

/**
 * The wait before attempt `attempts + 1`. A sink that said how long to wait (Retry-After, a rate
 * limit's reset) is believed; otherwise exponential with jitter, so workers do not retry in step.
 */
export function retryDelay(attempts: number, policy: BackoffPolicy, retryAfterMs?: number, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(retryAfterMs, 1_000), policy.parkMs);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface Delivered {
  sinkId: string;
  fingerprint: string;
  step: LifecycleStep;
}

export interface NotDelivered {
  sinkId: string;
  fingerprint: string;
  kind: FailureKind;
  error: string;
  attempts: number;
  nextAttemptAt: string;
}

export interface DeliveryReport {
  delivered: Delivered[];
  failed: NotDelivered[];
  /** Entries still in the outbox after this round (backing off, parked, leased or of a sink no longer configured). */
  waiting: number;
}

export interface DeliveryContext {
  sinks: readonly TicketSink[];
  store: TicketStore;
  render: LifecycleContext["render"];
  logger: Logger;
  now: () => Date;
  backoff: BackoffPolicy;
  random: () => number;
}

/**
 * Reports a sink's permanent problem once, when it first appears or changes, and says when it is
 * gone; attempts in between stay quiet. The state is in the ledger, so restarts do not repeat it.
 */
class ProblemReporter {
  readonly #context: DeliveryContext;
  readonly #sink: TicketSink;
  #known?: Promise<string | undefined>;

  constructor(context: DeliveryContext, sink: TicketSink) {
    this.#context = context;
    this.#sink = sink;
  }

  #current(): Promise<string | undefined> {
    this.#known ??= this.#context.store.sinkProblem(this.#sink.id);
    return this.#known;
  }

  async failed(message: string): Promise<void> {
    if ((await this.#current()) === message) return;
    this.#context.logger.error(
      `ticket sink ${this.#sink.id} failed permanently: ${message}. Its tickets stay in the outbox and are tried again every ${Math.round(this.#context.backoff.parkMs / 60_000)} minutes; this is reported once until it changes.`,
    );
    await this.#context.store.setSinkProblem(this.#sink.id, message);
    this.#known = Promise.resolve(message);
  }

  async succeeded(): Promise<void> {
    if ((await this.#current()) === undefined) return;
    this.#context.logger.info(`ticket sink ${this.#sink.id} works again`);
    await this.#context.store.setSinkProblem(this.#sink.id, undefined);
    this.#known = Promise.resolve(undefined);
  }
}

function isDue(entry: OutboxEntry, now: Date): boolean {
  return entry.nextAttemptAt === undefined || Date.parse(entry.nextAttemptAt) <= now.getTime();
}

/**
 * Delivers one sink's due entries in order. The first failure ends the sink's round: a sink that
 * is down or rate-limited is not hammered, and the other sinks go on.
 */
async function deliverToSink(context: DeliveryContext, sink: TicketSink, entries: OutboxEntry[], report: DeliveryReport): Promise<void> {
  const problems = new ProblemReporter(context, sink);
  for (const entry of entries) {
    const now = context.now();
    const claimed = await context.store.claim(entry, new Date(now.getTime() + context.backoff.leaseMs).toISOString());
    if (!claimed) continue;
    try {
      const step = await applyIntent({ sink, store: context.store, render: context.render, now }, entry.fingerprint, entry.intent);
      await context.store.complete(claimed);
      report.delivered.push({ sinkId: sink.id, fingerprint: entry.fingerprint, step });
      await problems.succeeded();
    } catch (error) {
      const failure = error instanceof SinkError ? error : unexpectedFailure(sink.id, error);
      const attempts = entry.attempts + 1;
      const delay = failure.kind === "transient" ? retryDelay(attempts, context.backoff, failure.retryAfterMs, context.random) : context.backoff.parkMs;
      const nextAttemptAt = new Date(now.getTime() + delay).toISOString();
      await context.store.reschedule(claimed, { attempts, nextAttemptAt, lastError: failure.message });
      report.failed.push({ sinkId: sink.id, fingerprint: entry.fingerprint, kind: failure.kind, error: failure.message, attempts, nextAttemptAt });
      if (failure.kind === "transient") context.logger.warn(`ticket sink ${sink.id}: ${failure.message}; attempt ${attempts}, next at ${nextAttemptAt}`);
      else await problems.failed(failure.message);
      return;
    }
  }
}

/** One delivery round over the whole outbox, the sinks side by side. */
export async function deliverOutbox(context: DeliveryContext): Promise<DeliveryReport> {
  const report: DeliveryReport = { delivered: [], failed: [], waiting: 0 };
  const entries = await context.store.pending();
  const now = context.now();
  await Promise.all(
    context.sinks.map((sink) =>
      deliverToSink(
        context,
        sink,
        entries.filter((entry) => entry.sinkId === sink.id && isDue(entry, now)),
        report,
      ),
    ),
  );
  const delivered = new Set(report.delivered.map((d) => `${d.sinkId}\n${d.fingerprint}`));
  report.waiting = entries.filter((entry) => !delivered.has(`${entry.sinkId}\n${entry.fingerprint}`)).length;
  return report;
}
