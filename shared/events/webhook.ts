/**
 * What Event Grid sends to a plain webhook endpoint (an HTTP function, not the Event Grid
 * trigger, whose extension answers the handshakes itself).
 */

export const SUBSCRIPTION_VALIDATION_EVENT = "Microsoft.EventGrid.SubscriptionValidationEvent";

export type WebhookBody =
  /** Event Grid schema handshake: answer 200 with `{ validationResponse: validationCode }`. */
  { kind: "validation"; validationCode: string } | { kind: "events"; events: unknown[] } | { kind: "invalid"; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/**
 * Reads a webhook POST body: an Event Grid schema array (which may be the subscription
 * validation event), one CloudEvent (structured mode) or a CloudEvents batch array.
 */
export function readWebhookBody(body: unknown): WebhookBody {
  if (isObject(body)) return { kind: "events", events: [body] };
  if (!Array.isArray(body)) return { kind: "invalid", reason: "expected a JSON array of events or one CloudEvent object" };
  const validation = body.find((event) => isObject(event) && event.eventType === SUBSCRIPTION_VALIDATION_EVENT);
  if (validation) {
    const data = (validation as { data?: unknown }).data;
    const code = isObject(data) && typeof data.validationCode === "string" && data.validationCode.length > 0 ? data.validationCode : undefined;
    if (!code) return { kind: "invalid", reason: "the subscription validation event has no data.validationCode" };
    return { kind: "validation", validationCode: code };
  }
  return { kind: "events", events: body };
}

/**
 * The CloudEvents webhook abuse-protection handshake: Event Grid sends OPTIONS with
 * `WebHook-Request-Origin`, and delivers only when the answer allows that origin.
 * Returns the response headers, or undefined when the request is not a handshake.
 */
export function cloudEventsHandshake(requestOrigin: string | null | undefined): Record<string, string> | undefined {
  const origin = requestOrigin?.trim();
  if (!origin) return undefined;
  return { "WebHook-Allowed-Origin": origin, "WebHook-Allowed-Rate": "*" };
}
