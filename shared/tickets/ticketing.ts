import { isDeepStrictEqual } from "node:util";
import { buildTicketContent, type PreviousTicket, type TicketContent, type TicketSubject } from "./content.ts";
import { ControlDocs } from "./controlDocs.ts";
import { DEFAULT_BACKOFF, deliverOutbox, type BackoffPolicy, type DeliveryReport } from "./outbox.ts";
import { observationsFromScan, type ObservationOptions, type ScanResult, type TicketObservation } from "./observations.ts";
import { snapshotOf } from "./snapshot.ts";
import type { TicketSink } from "./sinks/types.ts";
import type { TicketRecord, TicketStore } from "./store.ts";
import type { Logger } from "../core/index.ts";

export interface TicketingOptions {
  sinks: readonly TicketSink[];
  store: TicketStore;
  logger: Logger;
  docs?: ControlDocs;
  /** Where docs/controls/ is published, for the link on every ticket. */
  docsBaseUrl?: string;
  backoff?: Partial<BackoffPolicy>;
  now?: () => Date;
  random?: () => number;
}

function keyOf(sinkId: string, fingerprint: string): string {
  return `${sinkId}\n${fingerprint}`;
}

/**
 * Tickets for findings: scans record intents in the outbox (cheap, never calls a sink), and
 * `deliver` makes the sinks agree with them, retrying what fails. The worker calls `recordScan`
 * after each scan and `deliver` after that (or on its own timer).
 */
export class Ticketing {
  readonly #options: TicketingOptions;
  readonly #docs: ControlDocs;
  readonly #backoff: BackoffPolicy;

  constructor(options: TicketingOptions) {
    this.#options = options;
    this.#docs = options.docs ?? new ControlDocs();
    this.#backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  }

  get sinks(): readonly TicketSink[] {
    return this.#options.sinks;
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }

  /** The ticket's text, from the finding and its control's page. */
  async render(subject: TicketSubject, previous?: PreviousTicket): Promise<TicketContent> {
    const doc = await this.#docs.get(subject.finding.controlId);
    return buildTicketContent(subject, doc, { ...(this.#options.docsBaseUrl ? { docsBaseUrl: this.#options.docsBaseUrl } : {}), ...(previous ? { previous } : {}) });
  }

  /**
   * Puts intents in the outbox for every sink. An open intent whose ticket is already open and
   * says the same is skipped; a close intent is kept only where there is a ticket (or an intent)
   * to close, so a sweep of compliant resources writes nothing.
   */
  async record(observations: readonly TicketObservation[]): Promise<number> {
    if (observations.length === 0 || this.#options.sinks.length === 0) return 0;
    const { store } = this.#options;
    const [open, pending] = await Promise.all([store.openTickets(), store.pending()]);
    const openTickets = new Map<string, TicketRecord>(open.map((record) => [keyOf(record.sinkId, record.fingerprint), record]));
    const waiting = new Set(pending.map((entry) => keyOf(entry.sinkId, entry.fingerprint)));
    let enqueued = 0;
    for (const { fingerprint, intent } of observations) {
      for (const sink of this.#options.sinks) {
        const key = keyOf(sink.id, fingerprint);
        const ticket = openTickets.get(key);
        const needed = waiting.has(key) || (intent.kind === "close" ? ticket !== undefined : !ticket?.snapshot || !isDeepStrictEqual(ticket.snapshot, snapshotOf(intent.subject)));
        if (!needed) continue;
        await store.enqueue(sink.id, fingerprint, intent);
        enqueued += 1;
      }
    }
    return enqueued;
  }

  /** `record` for a scan's outcome. */
  recordScan(scan: ScanResult, options: Partial<ObservationOptions> = {}): Promise<number> {
    return this.record(observationsFromScan(scan, { observedAt: options.observedAt ?? this.#now() }));
  }

  /** A deleted resource closes its open tickets, and those of its children (a server's databases). */
  async resourceDeleted(resourceId: string): Promise<number> {
    const id = resourceId.replace(/\/+$/, "").toLowerCase();
    const observedAt = this.#now().toISOString();
    const affected = (await this.#options.store.openTickets()).filter((record) => {
      const recordId = record.resourceId.toLowerCase();
      return recordId === id || recordId.startsWith(`${id}/`);
    });
    for (const record of affected) {
      await this.#options.store.enqueue(record.sinkId, record.fingerprint, { kind: "close", reason: "deleted", resourceId: record.resourceId, controlId: record.controlId, observedAt });
    }
    return affected.length;
  }

  /**
   * Rebuilds the ledger from the sinks: every open ticket of ours found by its fingerprint is
   * remembered, so a later compliant finding closes it. For a lost ledger, or a CLI run.
   */
  async reconcile(): Promise<number> {
    const { store } = this.#options;
    let adopted = 0;
    for (const sink of this.#options.sinks) {
      if (!sink.listOpen) continue;
      let open;
      try {
        open = await sink.listOpen();
      } catch (error) {
        // Reconciling is an optimisation of closing; a sink that cannot be listed now is tried next time.
        this.#options.logger.warn(`ticket sink ${sink.id}: cannot list open tickets: ${(error as Error).message}`);
        continue;
      }
      for (const { fingerprint, ref } of open) {
        if (await store.getTicket(sink.id, fingerprint)) continue;
        await store.putTicket({ sinkId: sink.id, fingerprint, resourceId: "", controlId: "", ref, updatedAt: this.#now().toISOString() });
        adopted += 1;
      }
    }
    return adopted;
  }

  /**
   * Delivery rounds until the outbox is empty or what is left is not due within `maxWaitMs`: for
   * a CLI run, which has no timer to come back later. Sleeps until the next retry in between.
   */
  async deliverAll(options: { maxWaitMs: number; sleep?: (ms: number) => Promise<void> }): Promise<DeliveryReport> {
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const deadline = this.#now().getTime() + options.maxWaitMs;
    const delivered: DeliveryReport["delivered"] = [];
    for (;;) {
      const round = await this.deliver();
      delivered.push(...round.delivered);
      const retries = round.failed.filter((f) => f.kind === "transient").map((f) => Date.parse(f.nextAttemptAt));
      const next = Math.min(...retries);
      if (round.waiting === 0 || retries.length === 0 || next > deadline) return { ...round, delivered };
      await sleep(Math.max(0, next - this.#now().getTime()));
    }
  }

  /** One delivery round: due intents go to their sinks; failures are rescheduled, never thrown. */
  deliver(): Promise<DeliveryReport> {
    return deliverOutbox({
      sinks: this.#options.sinks,
      store: this.#options.store,
      render: (subject, previous) => this.render(subject, previous),
      logger: this.#options.logger,
      now: () => this.#now(),
      backoff: this.#backoff,
      random: this.#options.random ?? Math.random,
    });
  }
}
