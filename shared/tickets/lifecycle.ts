import type { RecordedFinding } from "../store/types.ts";
import { showValue, type PreviousTicket, type TicketContent, type TicketSubject } from "./content.ts";
import { describeChanges, snapshotOf } from "./snapshot.ts";
import type { CloseReason, TicketRef, TicketSink } from "./sinks/types.ts";
import type { TicketIntent, TicketRecord, TicketStore } from "./store.ts";
import type { Inline, TicketText } from "./text/index.ts";

/** What one delivery did on the sink. */
export type LifecycleStep =
  | "opened"
  | "commented"
  | "unchanged"
  | "reopened"
  /** The old ticket could not be reopened: a new one links it. */
  | "followed-up"
  | "closed"
  | "nothing-to-close";

export interface LifecycleContext {
  sink: TicketSink;
  store: TicketStore;
  render(subject: TicketSubject, previous?: PreviousTicket): Promise<TicketContent>;
  now: Date;
}

function evidence(finding: RecordedFinding): Inline[] {
  const { path, actual, expected } = finding.evidence;
  return [{ code: path }, " is ", { code: showValue(actual) }, "; expected: ", expected];
}

function closingComment(intent: Extract<TicketIntent, { kind: "close" }>): TicketText {
  const checked = ` (checked ${intent.observedAt})`;
  const because: Inline[] = intent.detail ? [": ", intent.detail] : ["."];
  const lines: Record<CloseReason, Inline[]> = {
    compliant: [{ strong: "Resolved" }, `: the resource now meets the control${checked}`, ...(intent.finding ? [": ", ...evidence(intent.finding), "."] : because)],
    exempt: [{ strong: "Closed: the resource is exempt" }, ` from this control by policy${checked}`, ...because],
    "not-applicable": [{ strong: "Closed: the control no longer applies" }, ` to this resource${checked}`, ...because],
    deleted: [{ strong: "Closed: the resource was deleted" }, `${checked}.`],
  };
  return [{ paragraph: lines[intent.reason] }, { paragraph: "Closed by Encryption Guard. A regression reopens this ticket." }];
}

/**
 * Finds the ticket for a fingerprint: the ledger first, then the sink itself (by the fingerprint
 * written on the ticket), so a lost ledger or a second instance never opens a duplicate.
 */
async function currentTicket(context: LifecycleContext, fingerprint: string): Promise<TicketRecord | undefined> {
  const { sink, store } = context;
  const known = await store.getTicket(sink.id, fingerprint);
  if (known || !sink.find) return known;
  const found = await sink.find(fingerprint);
  return found && { sinkId: sink.id, fingerprint, resourceId: "", controlId: "", ref: found, updatedAt: context.now.toISOString() };
}

/**
 * Makes one sink agree with one intent. The same engine serves every sink: open once, comment only
 * when what the ticket says changed, close with the reason, reopen on a regression (or open a
 * follow-up that links the old ticket where the system cannot reopen).
 */
export async function applyIntent(context: LifecycleContext, fingerprint: string, intent: TicketIntent): Promise<LifecycleStep> {
  const { sink, store } = context;
  const ticket = await currentTicket(context, fingerprint);
  const save = (ref: TicketRef, changes: Partial<TicketRecord> = {}) =>
    store.putTicket({
      sinkId: sink.id,
      fingerprint,
      resourceId: ticket?.resourceId ?? "",
      controlId: ticket?.controlId ?? "",
      ...(ticket?.snapshot ? { snapshot: ticket.snapshot } : {}),
      ...changes,
      ref,
      updatedAt: context.now.toISOString(),
    });

  if (intent.kind === "close") {
    if (!ticket || ticket.ref.state === "closed") {
      // A ticket found on the sink is remembered, so the next intent skips the search.
      if (ticket) await save(ticket.ref);
      return "nothing-to-close";
    }
    await sink.close(ticket.ref, { reason: intent.reason, comment: closingComment(intent), fingerprint, resourceId: intent.resourceId, controlId: intent.controlId });
    await save({ ...ticket.ref, state: "closed" }, { resourceId: intent.resourceId, controlId: intent.controlId });
    return "closed";
  }

  const { finding } = intent.subject;
  const snapshot = snapshotOf(intent.subject);
  const known = { resourceId: finding.resourceId, controlId: finding.controlId, snapshot };
  if (!ticket) {
    const ref = await sink.open(await context.render(intent.subject));
    await save(ref, known);
    return "opened";
  }

  if (ticket.ref.state === "open") {
    // A ticket found on the sink has no snapshot: what it said is unknown, so it is adopted without a comment.
    const changes = ticket.snapshot ? describeChanges(ticket.snapshot, snapshot) : [];
    if (changes.length === 0) {
      if (!ticket.snapshot) await save(ticket.ref, known);
      return "unchanged";
    }
    const comment: TicketText = [{ paragraph: [{ strong: "Still not compliant, and the finding changed" }, ` (checked ${intent.observedAt}):`] }, { list: changes }];
    await sink.comment(ticket.ref, { comment, content: await context.render(intent.subject) });
    await save(ticket.ref, known);
    return "commented";
  }

  const content = await context.render(intent.subject);
  const comment: TicketText = [{ paragraph: [{ strong: "The problem is back" }, ` (checked ${intent.observedAt}): `, ...evidence(finding), ". Reopened by Encryption Guard."] }];
  if (await sink.reopen(ticket.ref, { comment, content })) {
    await save({ ...ticket.ref, state: "open" }, known);
    return "reopened";
  }
  const previous: PreviousTicket = { id: ticket.ref.display, ...(ticket.ref.url ? { url: ticket.ref.url } : {}) };
  const ref = await sink.open(await context.render(intent.subject, previous));
  await save(ref, known);
  return "followed-up";
}
