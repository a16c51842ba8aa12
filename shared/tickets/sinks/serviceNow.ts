import type { Severity } from "../../controls/types.ts";
import type { TicketContent } from "../content.ts";
import { httpFailure, SinkError, unexpectedFailure } from "../errors.ts";
import { fingerprintFromMarker, fingerprintMarker } from "../fingerprint.ts";
import { plainLine, renderPlain, type TicketText } from "../text/index.ts";
import type { Closing, CloseReason, TicketRef, TicketSink, Update } from "./types.ts";

export interface ServiceNowSinkOptions {
  /** `https://contoso.service-now.com` */
  instanceUrl: string;
  user: string;
  password: string;
  assignmentGroup?: string;
  category?: string;
  callerId?: string;
}

/** Incident states of the base system. Resolved can be reopened; Closed and Canceled are final. */
const STATE = { inProgress: "2", resolved: "6", closed: "7", canceled: "8" } as const;
const NOT_OPEN = new Set<string>([STATE.resolved, STATE.closed, STATE.canceled]);

/**
 * A finding's own deadline (a certificate's expiry) as the incident's `due_date`, in the Table
 * API's internal date-time format (`YYYY-MM-DD HH:mm:ss`, UTC). Anything that is not a time is left out.
 */
function dueDateOf(dueBy: unknown): { due_date?: string } {
  if (typeof dueBy !== "string") return {};
  const due = new Date(dueBy);
  return Number.isNaN(due.getTime()) ? {} : { due_date: due.toISOString().slice(0, 19).replace("T", " ") };
}

/** Impact and urgency give the priority through the instance's priority matrix (1,1 = P1 … 3,3 = P5). */
const IMPACT_URGENCY: Record<Severity, { impact: string; urgency: string }> = {
  critical: { impact: "1", urgency: "1" },
  high: { impact: "1", urgency: "2" },
  medium: { impact: "2", urgency: "2" },
  low: { impact: "3", urgency: "3" },
};

/** Close codes of the base system since the Tokyo release; the notes carry the details. */
const CLOSE_CODE: Record<CloseReason, string> = {
  compliant: "Resolved by change",
  exempt: "No resolution provided",
  "not-applicable": "No resolution provided",
  deleted: "No resolution provided",
};

const FIELDS = "sys_id,number,state,correlation_id";

/**
 * The incident's short_description is a 160-character string; description and close_notes are
 * multi-line text fields, 4,000 characters by default; work notes (a journal field) are held to
 * the same. ServiceNow cuts longer values silently; cutting here keeps the cut visible.
 */
export const SERVICENOW_LIMITS = { shortDescription: 160, text: 4_000 } as const;

/** Incident fields are plain text; journal fields would render [code]…[/code] as HTML, which `renderPlain` breaks. */
function plain(text: TicketText): string {
  return renderPlain(text, SERVICENOW_LIMITS.text);
}

export function serviceNowSinkId(instanceUrl: string): string {
  return `servicenow:${instanceUrl.replace(/\/+$/, "")}`;
}

interface IncidentRecord {
  sys_id: string;
  number: string;
  state: string;
  correlation_id?: string;
}

/**
 * ServiceNow incidents through the Table API. The fingerprint is the correlation id (the field
 * the platform keeps for external systems); comments are work notes; a resolved incident is
 * reopened, a closed one is followed by a new incident.
 */
export class ServiceNowSink implements TicketSink {
  readonly id: string;
  readonly #options: ServiceNowSinkOptions;
  readonly #instanceUrl: string;
  readonly #authorization: string;

  constructor(options: ServiceNowSinkOptions) {
    this.#options = options;
    this.#instanceUrl = options.instanceUrl.replace(/\/+$/, "");
    this.#authorization = `Basic ${Buffer.from(`${options.user}:${options.password}`).toString("base64")}`;
    this.id = serviceNowSinkId(options.instanceUrl);
  }

  async #request<T>(method: string, path: string, query: Record<string, string>, body?: Record<string, unknown>): Promise<T> {
    const url = new URL(`${this.#instanceUrl}/api/now/table/incident${path}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { authorization: this.#authorization, accept: "application/json", ...(body ? { "content-type": "application/json" } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw unexpectedFailure("ServiceNow", error);
    }
    const text = await response.text();
    let payload: { result?: unknown; error?: { message?: string; detail?: string } } | undefined;
    try {
      payload = text ? JSON.parse(text) : undefined;
    } catch {
      payload = undefined;
    }
    if (!response.ok) {
      const reason = [payload?.error?.message, payload?.error?.detail].filter(Boolean).join(": ") || response.statusText || "request failed";
      throw httpFailure("ServiceNow", response.status, reason, response.headers);
    }
    if (payload?.result === undefined) {
      // A sign-in page or a proxy's answer instead of the Table API: the instance URL is wrong.
      throw new SinkError("permanent", `ServiceNow answered ${response.status} without a Table API result; check the instance URL`, { status: response.status });
    }
    return payload.result as T;
  }

  #ref(record: IncidentRecord): TicketRef {
    return {
      key: record.sys_id,
      display: record.number,
      url: `${this.#instanceUrl}/nav_to.do?uri=incident.do%3Fsys_id%3D${record.sys_id}`,
      state: NOT_OPEN.has(record.state) ? "closed" : "open",
    };
  }

  async find(fingerprint: string): Promise<TicketRef | undefined> {
    const records = await this.#request<IncidentRecord[]>("GET", "", {
      sysparm_query: `correlation_id=${fingerprintMarker(fingerprint)}^ORDERBYDESCsys_created_on`,
      sysparm_fields: FIELDS,
      sysparm_limit: "10",
    });
    const refs = records.map((record) => this.#ref(record));
    return refs.find((ref) => ref.state === "open") ?? refs[0];
  }

  async listOpen(): Promise<{ fingerprint: string; ref: TicketRef }[]> {
    const found: { fingerprint: string; ref: TicketRef }[] = [];
    const pageSize = 100;
    for (let offset = 0; ; offset += pageSize) {
      const page = await this.#request<IncidentRecord[]>("GET", "", {
        sysparm_query: `correlation_idSTARTSWITH${fingerprintMarker("")}^active=true^ORDERBYsys_created_on`,
        sysparm_fields: FIELDS,
        sysparm_limit: String(pageSize),
        sysparm_offset: String(offset),
      });
      for (const record of page) {
        const fingerprint = fingerprintFromMarker(record.correlation_id ?? "");
        if (fingerprint) found.push({ fingerprint, ref: this.#ref(record) });
      }
      if (page.length < pageSize) return found;
    }
  }

  async open(content: TicketContent): Promise<TicketRef> {
    const { finding } = content;
    const { assignmentGroup, category, callerId } = this.#options;
    const record = await this.#request<IncidentRecord>(
      "POST",
      "",
      { sysparm_fields: FIELDS },
      {
        short_description: plainLine(content.title, SERVICENOW_LIMITS.shortDescription),
        description: plain(content.body),
        correlation_id: fingerprintMarker(content.fingerprint),
        correlation_display: "Encryption Guard",
        ...IMPACT_URGENCY[finding.severity],
        ...(assignmentGroup ? { assignment_group: assignmentGroup } : {}),
        ...(category ? { category } : {}),
        ...(callerId ? { caller_id: callerId } : {}),
        // The task table's due date (UTC, the instance's system format): a key's or a certificate's expiry makes the ticket due before it.
        ...dueDateOf(content.dueBy),
      },
    );
    return this.#ref(record);
  }

  async comment(ref: TicketRef, update: Update): Promise<void> {
    await this.#request("PATCH", `/${ref.key}`, { sysparm_fields: FIELDS }, { work_notes: plain(update.comment) });
  }

  async close(ref: TicketRef, closing: Closing): Promise<void> {
    await this.#request("PATCH", `/${ref.key}`, { sysparm_fields: FIELDS }, { state: STATE.resolved, close_code: CLOSE_CODE[closing.reason], close_notes: plain(closing.comment) });
  }

  async reopen(ref: TicketRef, update: Update): Promise<boolean> {
    const current = await this.#request<IncidentRecord>("GET", `/${ref.key}`, { sysparm_fields: FIELDS });
    if (current.state === STATE.closed || current.state === STATE.canceled) return false;
    // Someone may have reopened it by hand already; then only the note is added.
    const state = current.state === STATE.resolved ? { state: STATE.inProgress } : {};
    await this.#request("PATCH", `/${ref.key}`, { sysparm_fields: FIELDS }, { ...state, work_notes: plain(update.comment) });
    return true;
  }
}
