import { createHmac, randomUUID } from "node:crypto";
import { showValue, type TicketContent } from "../content.ts";
import { httpFailure, unexpectedFailure } from "../errors.ts";
import { fingerprintMarker } from "../fingerprint.ts";
import { JSON_STRING_MAX, jsonSafe, plainLine, renderMarkdown, type TicketText } from "../text/index.ts";
import type { Closing, TicketRef, TicketSink, Update } from "./types.ts";

export interface WebhookSinkOptions {
  url: string;
  /** The app setting the URL came from; it names the sink instead of the URL, which may embed a signature. */
  urlSetting?: string;
  /** When set, every body is signed: `X-Encryption-Guard-Signature-256: sha256=<hex HMAC of the raw body>`. */
  secret?: string;
}

export const SIGNATURE_HEADER = "x-encryption-guard-signature-256";
export const EVENT_HEADER = "x-encryption-guard-event";
export const DELIVERY_HEADER = "x-encryption-guard-delivery";

/** Ticket events, and key access anomalies sent as alerts (see anomalySinksFromPolicy). */
export type WebhookEventType = "ticket.opened" | "ticket.updated" | "ticket.reopened" | "ticket.closed" | "anomaly.detected";

/** The one-line summary chat tools show: a title's length, room for a key vault alert. */
export const WEBHOOK_TEXT_MAX = 500;

/** `body` and `comment` are Markdown with every value escaped, bounded like a GitHub issue body. */
function markdown(text: TicketText): string {
  return renderMarkdown(text, JSON_STRING_MAX);
}

/** The HMAC a receiver recomputes over the raw body it got, to check the sender and that nothing changed. */
export function signatureOf(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

/** A URL may embed a signature (Teams, Logic Apps): the sink is named by its setting, or else the URL's origin and path. */
export function webhookSinkId(target: { url?: string; urlSetting?: string }): string {
  if (target.urlSetting) return `webhook:setting:${target.urlSetting}`;
  const parsed = new URL(target.url ?? "");
  return `webhook:${parsed.origin}${parsed.pathname}`;
}

/**
 * A JSON POST per ticket event, for Teams, Slack, a Logic App or anything that takes a webhook.
 * `text` is a one-line plain summary, `body` and `comment` are Markdown with every value
 * escaped; the rest is the structured finding as data. Every string is cleaned of control and
 * format characters; receivers show fields as text. A webhook cannot be searched, so the
 * ledger alone remembers what was sent.
 */
export class WebhookSink implements TicketSink {
  readonly id: string;
  readonly #url: string;
  readonly #secret: string | undefined;

  constructor(options: WebhookSinkOptions) {
    this.#url = options.url;
    this.#secret = options.secret;
    this.id = webhookSinkId(options);
  }

  /**
   * One signed JSON POST of an event; the ticket methods below and anomaly alerts go through it.
   * `summary` becomes the one-line plain `text`, `words` the Markdown `body` or `comment`, both
   * rendered here; `data` goes as data, cleaned by `jsonSafe`.
   */
  async send(type: WebhookEventType, summary: string, data: Record<string, unknown>, words: { body?: TicketText; comment?: TicketText } = {}): Promise<void> {
    const deliveryId = randomUUID();
    // The envelope comes last: no data field can stand in for the event's type or id.
    const body = JSON.stringify({
      ...(jsonSafe(data) as Record<string, unknown>),
      ...(words.body ? { body: markdown(words.body) } : {}),
      ...(words.comment ? { comment: markdown(words.comment) } : {}),
      type,
      id: deliveryId,
      sentAt: new Date().toISOString(),
      text: plainLine(summary, WEBHOOK_TEXT_MAX),
    });
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "azure-encryption-guard",
      [EVENT_HEADER]: type,
      [DELIVERY_HEADER]: deliveryId,
      ...(this.#secret ? { [SIGNATURE_HEADER]: signatureOf(body, this.#secret) } : {}),
    };
    let response: Response;
    try {
      response = await fetch(this.#url, { method: "POST", headers, body, signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      throw unexpectedFailure("webhook", error);
    }
    if (!response.ok) throw httpFailure("webhook", response.status, (await response.text()).slice(0, 200) || response.statusText, response.headers);
  }

  #describe(content: TicketContent): Record<string, unknown> {
    const { finding } = content;
    return {
      fingerprint: fingerprintMarker(content.fingerprint),
      title: content.title,
      resourceId: finding.resourceId,
      resourceName: content.resourceName,
      controlId: finding.controlId,
      status: finding.status,
      severity: finding.severity,
      classification: finding.classification,
      owner: content.owner ?? null,
      evidence: { path: finding.evidence.path, actual: showValue(finding.evidence.actual), expected: finding.evidence.expected },
      docUrl: content.docUrl,
    };
  }

  #ref(fingerprint: string, state: TicketRef["state"]): TicketRef {
    return { key: fingerprint, display: fingerprintMarker(fingerprint), state };
  }

  async open(content: TicketContent): Promise<TicketRef> {
    await this.send("ticket.opened", content.title, this.#describe(content), { body: content.body });
    return this.#ref(content.fingerprint, "open");
  }

  async comment(_ref: TicketRef, update: Update): Promise<void> {
    await this.send("ticket.updated", `Updated: ${update.content.title}`, this.#describe(update.content), { comment: update.comment });
  }

  async close(_ref: TicketRef, closing: Closing): Promise<void> {
    await this.send(
      "ticket.closed",
      `Closed (${closing.reason}): ${closing.controlId} on ${closing.resourceId}`,
      { fingerprint: fingerprintMarker(closing.fingerprint), resourceId: closing.resourceId, controlId: closing.controlId, reason: closing.reason },
      { comment: closing.comment },
    );
  }

  async reopen(_ref: TicketRef, update: Update): Promise<boolean> {
    await this.send("ticket.reopened", `Reopened: ${update.content.title}`, this.#describe(update.content), { comment: update.comment });
    return true;
  }
}
