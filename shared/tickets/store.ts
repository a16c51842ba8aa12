import type { RecordedFinding } from "../store/types.ts";
import { queryAll, type Fields, type RowStore, type StoredRow, type TableSource } from "../store/rows.ts";
import type { TicketSubject } from "./content.ts";
import type { FindingSnapshot } from "./snapshot.ts";
import type { CloseReason, TicketRef, TicketState } from "./sinks/types.ts";

/** What must become true on every sink for one fingerprint. */
export type TicketIntent =
  | { kind: "open"; subject: TicketSubject; observedAt: string }
  | { kind: "close"; reason: CloseReason; resourceId: string; controlId: string; finding?: RecordedFinding; detail?: string; observedAt: string };

/** The ledger's memory of one ticket on one sink. */
export interface TicketRecord {
  sinkId: string;
  fingerprint: string;
  /** Empty when the ticket was adopted from the sink without a finding at hand. */
  resourceId: string;
  controlId: string;
  ref: TicketRef;
  /** What the ticket last said; absent for a ticket found on the sink after the ledger was lost. */
  snapshot?: FindingSnapshot;
  updatedAt: string;
}

/** A ticket intent waiting for its sink. One per sink and fingerprint: a newer intent replaces an older one. */
export interface OutboxEntry {
  sinkId: string;
  fingerprint: string;
  intent: TicketIntent;
  attempts: number;
  /** ISO time; absent = due now. */
  nextAttemptAt?: string;
  lastError?: string;
  /** The row version it was read at, so a claim fails when a newer intent arrived. */
  version: string;
}

export interface Retry {
  attempts: number;
  nextAttemptAt: string;
  lastError: string;
}

/** The Table service forbids / \ # ? in keys; a sink id is a URL, so it is percent-encoded (and stays readable). */
function partitionOf(sinkId: string): string {
  return encodeURIComponent(sinkId);
}

function text(fields: Fields, name: string): string {
  const value = fields[name];
  return typeof value === "string" ? value : "";
}

function ticketFrom(row: StoredRow): TicketRecord {
  const { fields } = row;
  const url = text(fields, "url");
  const snapshot = text(fields, "snapshot");
  return {
    sinkId: text(fields, "sinkId"),
    fingerprint: row.row,
    resourceId: text(fields, "resourceId"),
    controlId: text(fields, "controlId"),
    ref: { key: text(fields, "ticketKey"), display: text(fields, "display"), ...(url ? { url } : {}), state: text(fields, "state") as TicketState },
    ...(snapshot ? { snapshot: JSON.parse(snapshot) as FindingSnapshot } : {}),
    updatedAt: text(fields, "updatedAt"),
  };
}

function entryFrom(row: StoredRow): OutboxEntry {
  const { fields } = row;
  const nextAttemptAt = text(fields, "nextAttemptAt");
  const lastError = text(fields, "lastError");
  return {
    sinkId: text(fields, "sinkId"),
    fingerprint: row.row,
    intent: JSON.parse(text(fields, "intent")) as TicketIntent,
    attempts: typeof fields.attempts === "number" ? fields.attempts : 0,
    ...(nextAttemptAt ? { nextAttemptAt } : {}),
    ...(lastError ? { lastError } : {}),
    version: row.version,
  };
}

/**
 * The tickets ledger and its outbox, as three tables of the ledger's TableSource (Azure Table
 * Storage in the service, memory for one CLI run):
 * - tickets: one row per sink and fingerprint, the ticket's key, state and what it last said;
 * - ticketOutbox: one row per sink and fingerprint, the intent waiting for the sink. A row is
 *   marked done instead of deleted, so an intent that arrives during a delivery is never lost;
 * - ticketSinks: a sink's last reported permanent problem, so it is reported once.
 */
export class TicketStore {
  readonly #tickets: RowStore;
  readonly #outbox: RowStore;
  readonly #sinks: RowStore;

  constructor(tables: TableSource) {
    this.#tickets = tables.open("tickets");
    this.#outbox = tables.open("ticketOutbox");
    this.#sinks = tables.open("ticketSinks");
  }

  async getTicket(sinkId: string, fingerprint: string): Promise<TicketRecord | undefined> {
    const row = await this.#tickets.get(partitionOf(sinkId), fingerprint);
    return row && ticketFrom(row);
  }

  async putTicket(record: TicketRecord): Promise<void> {
    const fields: Fields = {
      sinkId: record.sinkId,
      resourceId: record.resourceId,
      controlId: record.controlId,
      ticketKey: record.ref.key,
      display: record.ref.display,
      url: record.ref.url ?? "",
      state: record.ref.state,
      snapshot: record.snapshot ? JSON.stringify(record.snapshot) : "",
      updatedAt: record.updatedAt,
    };
    await this.#tickets.write(partitionOf(record.sinkId), [{ row: record.fingerprint, fields }]);
  }

  /** Open tickets of every sink: the problems not solved yet, a small set. */
  async openTickets(): Promise<TicketRecord[]> {
    return (await queryAll(this.#tickets, { equals: { state: "open" } })).map(ticketFrom);
  }

  /** Adds or replaces the intent for (sink, fingerprint); attempts and backoff of a waiting entry are kept. */
  async enqueue(sinkId: string, fingerprint: string, intent: TicketIntent): Promise<void> {
    await this.#outbox.merge(partitionOf(sinkId), fingerprint, { sinkId, intent: JSON.stringify(intent), waiting: true });
  }

  /** Every entry still waiting for its sink. */
  async pending(): Promise<OutboxEntry[]> {
    return (await queryAll(this.#outbox, { equals: { waiting: true } })).map(entryFrom);
  }

  /** Takes the entry until `until` (other workers skip it); undefined when it changed or another worker took it first. */
  async claim(entry: OutboxEntry, until: string): Promise<OutboxEntry | undefined> {
    const fields: Fields = { sinkId: entry.sinkId, intent: JSON.stringify(entry.intent), waiting: true, attempts: entry.attempts, nextAttemptAt: until, lastError: entry.lastError ?? "" };
    const claimed = await this.#outbox.write(partitionOf(entry.sinkId), [{ row: entry.fingerprint, fields, expect: entry.version }]);
    return claimed ? { ...entry, nextAttemptAt: until } : undefined;
  }

  /** Marks a delivered entry done, unless a newer intent replaced it meanwhile: that one is then due at once. */
  async complete(entry: OutboxEntry): Promise<void> {
    const partition = partitionOf(entry.sinkId);
    const delivered = JSON.stringify(entry.intent);
    for (;;) {
      const row = await this.#outbox.get(partition, entry.fingerprint);
      if (!row) return;
      if (text(row.fields, "intent") !== delivered) {
        await this.#outbox.merge(partition, entry.fingerprint, { attempts: 0, nextAttemptAt: "", lastError: "" });
        return;
      }
      const done = { ...row.fields, waiting: false, attempts: 0, nextAttemptAt: "", lastError: "" };
      // The version check closes the gap between this read and the write; on a conflict, look again.
      if (await this.#outbox.write(partition, [{ row: entry.fingerprint, fields: done, expect: row.version }])) return;
    }
  }

  async reschedule(entry: OutboxEntry, retry: Retry): Promise<void> {
    await this.#outbox.merge(partitionOf(entry.sinkId), entry.fingerprint, { ...retry });
  }

  /** The permanent problem last reported for a sink. */
  async sinkProblem(sinkId: string): Promise<string | undefined> {
    const row = await this.#sinks.get("sink", partitionOf(sinkId));
    return (row && text(row.fields, "problem")) || undefined;
  }

  async setSinkProblem(sinkId: string, problem: string | undefined): Promise<void> {
    await this.#sinks.write("sink", [{ row: partitionOf(sinkId), fields: { sinkId, problem: problem ?? "" } }]);
  }
}
