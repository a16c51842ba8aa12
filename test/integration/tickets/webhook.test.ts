import { afterEach, describe, expect, it } from "vitest";
import { buildTicketContent } from "../../../shared/tickets/content.ts";
import { fingerprintMarker } from "../../../shared/tickets/fingerprint.ts";
import { signatureOf, WebhookSink } from "../../../shared/tickets/sinks/webhook.ts";
import { WebhookReceiver } from "../../fakes/webhook.ts";
import { renderMarkdown } from "../../../shared/tickets/text/index.ts";
import { says, tlsFinding } from "../../unit/tickets/samples.ts";

const content = buildTicketContent({ finding: tlsFinding(), owner: "team-data@contoso.com" }, {}, { docsBaseUrl: "https://docs.example/controls" });

describe("webhook sink against a receiving endpoint", () => {
  let receiver: WebhookReceiver | undefined;
  afterEach(async () => {
    await receiver?.stop();
  });

  it("POSTs each ticket event as JSON with a text line for chat tools, signed with HMAC-SHA256 over the raw body", async () => {
    receiver = await WebhookReceiver.start({ secret: "shared-secret" });
    const sink = new WebhookSink({ url: receiver.url, secret: "shared-secret", urlSetting: "TEAMS_WEBHOOK_URL" });

    const ref = await sink.open(content);
    await sink.comment(ref, { comment: says("changed"), content });
    await sink.close(ref, { reason: "exempt", comment: says("exempt: legacy"), fingerprint: content.fingerprint, resourceId: content.finding.resourceId, controlId: content.finding.controlId });
    expect(await sink.reopen(ref, { comment: says("back"), content })).toBe(true);

    expect(ref).toEqual({ key: content.fingerprint, display: fingerprintMarker(content.fingerprint), state: "open" });
    expect(sink.id).toBe("webhook:setting:TEAMS_WEBHOOK_URL");
    expect(receiver.received.map((r) => [r.event, r.body.type, r.signatureValid])).toEqual([
      ["ticket.opened", "ticket.opened", true],
      ["ticket.updated", "ticket.updated", true],
      ["ticket.closed", "ticket.closed", true],
      ["ticket.reopened", "ticket.reopened", true],
    ]);
    const opened = receiver.received[0]!.body;
    expect(opened).toMatchObject({
      text: content.title,
      fingerprint: fingerprintMarker(content.fingerprint),
      resourceId: content.finding.resourceId,
      controlId: "storage.min-tls",
      severity: "high",
      classification: "confidential",
      owner: "team-data@contoso.com",
      evidence: { path: "properties.minimumTlsVersion", actual: '"TLS1_0"', expected: "TLS1_2 or TLS1_3" },
      docUrl: "https://docs.example/controls/storage.min-tls.md",
      body: renderMarkdown(content.body, 65_536),
    });
    expect(receiver.received[2]!.body).toMatchObject({ reason: "exempt", comment: "exempt: legacy" });
    const request = receiver.server.requests[0]!;
    expect(request.path).toBe("/hooks/encryption-guard");
    expect(request.query.get("sig")).toBe("url-embedded-signature");
    expect(request.headers["x-encryption-guard-signature-256"]).toBe(signatureOf(request.body, "shared-secret"));
    expect(request.headers["x-encryption-guard-delivery"]).toBe(opened.id);
  });

  it("sends no signature without a secret, and names the sink by the URL's origin and path only", async () => {
    receiver = await WebhookReceiver.start();
    const sink = new WebhookSink({ url: receiver.url });
    await sink.open(content);
    expect(receiver.server.requests[0]!.headers["x-encryption-guard-signature-256"]).toBeUndefined();
    expect(sink.id).toBe(`webhook:${receiver.server.url}/hooks/encryption-guard`);
  });

  it("reports a refused signature as permanent and a busy receiver as transient", async () => {
    receiver = await WebhookReceiver.start({ secret: "the-right-one" });
    const wrongSecret = new WebhookSink({ url: receiver.url, secret: "a-wrong-one" });
    expect(await wrongSecret.open(content).catch((error: unknown) => error)).toMatchObject({ kind: "permanent", status: 401 });

    const sink = new WebhookSink({ url: receiver.url, secret: "the-right-one" });
    receiver.server.fail({ times: 1, response: { status: 503, headers: { "retry-after": "5" } } });
    expect(await sink.open(content).catch((error: unknown) => error)).toMatchObject({ kind: "transient", status: 503, retryAfterMs: 5_000 });
  });
});
