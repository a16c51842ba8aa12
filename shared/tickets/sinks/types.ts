import type { TicketContent } from "../content.ts";
import type { TicketText } from "../text/index.ts";

export type TicketState = "open" | "closed";

/** A ticket as its system names it. */
export interface TicketRef {
  /** What the system's API addresses it by: an issue number, a work item id, a sys_id, a fingerprint. */
  key: string;
  /** What a person calls it: `#12`, `AB#345`, `INC0010001`. */
  display: string;
  url?: string;
  state: TicketState;
}

/** Why a ticket is closed. */
export type CloseReason = "compliant" | "exempt" | "not-applicable" | "deleted";

export interface Closing {
  reason: CloseReason;
  /** Why, in words; the sink renders it. */
  comment: TicketText;
  fingerprint: string;
  resourceId: string;
  controlId: string;
}

export interface Update {
  /** What changed, or why the ticket is back; the sink renders it. */
  comment: TicketText;
  content: TicketContent;
}

/**
 * One ticketing system. A sink only speaks its system's API; what to do when (open, comment,
 * close, reopen) is decided by the lifecycle, the same for every sink. Methods throw a
 * `SinkError` that says whether a retry can help.
 */
export interface TicketSink {
  /** Names the sink in the ledger and in logs, e.g. `github:contoso/cloud-security`. */
  readonly id: string;
  /** The newest ticket carrying the fingerprint. Absent where the system cannot be searched (a webhook). */
  find?(fingerprint: string): Promise<TicketRef | undefined>;
  /** Every open ticket of ours with its fingerprint, to rebuild a lost ledger. */
  listOpen?(): Promise<{ fingerprint: string; ref: TicketRef }[]>;
  open(content: TicketContent): Promise<TicketRef>;
  comment(ref: TicketRef, update: Update): Promise<void>;
  close(ref: TicketRef, closing: Closing): Promise<void>;
  /** Opens a closed ticket again with the comment; false when the system does not allow it (a closed incident). */
  reopen(ref: TicketRef, update: Update): Promise<boolean>;
}
