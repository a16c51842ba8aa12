import { afterEach, describe, expect, it } from "vitest";
import { buildTicketContent } from "../../../shared/tickets/content.ts";
import { fingerprintMarker } from "../../../shared/tickets/fingerprint.ts";
import type { Anomaly } from "../../../shared/anomalies/types.ts";
import { anomalySinksFromPolicy } from "../../../shared/tickets/anomalySink.ts";
import { signatureOf, WebhookSink } from "../../../shared/tickets/sinks/webhook.ts";
import { renderMarkdown } from "../../../shared/tickets/text/index.ts";
import { gitHubReferences, linkTargets, renderGitHubMarkdown, viewHtml } from "../../fakes/rendering.ts";
import { WebhookReceiver } from "../../fakes/webhook.ts";
import { HOSTILE_ACTUAL_SHOWN, HOSTILE_OWNER, hostileSubject, says, tlsFinding } from "../../unit/tickets/samples.ts";

/** Every string in a payload, however deep. */
function stringsOf(payload: unknown): string[] {
  const strings: string[] = [];
  JSON.stringify(payload, (_, value: unknown) => (typeof value === "string" && strings.push(value), value));
  return strings;
}

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

  it("sends hostile values as data, cleaned of control and format characters, with the text line and the Markdown body inert", async () => {
    receiver = await WebhookReceiver.start({ secret: "shared-secret" });
    const sink = new WebhookSink({ url: receiver.url, secret: "shared-secret" });
    const subject = hostileSubject();
    await sink.open(buildTicketContent({ ...subject, finding: { ...subject.finding, title: "TLS\u202E\u0007 1.2" } }, {}));

    const [{ body, signatureValid }] = receiver.received as [(typeof receiver.received)[number]];
    expect(signatureValid).toBe(true);
    // Control and format characters are gone, but for line breaks and the joiner the renderers put after @ and #.
    expect(stringsOf(body).filter((text) => /[[\p{Cc}\p{Cf}]--[\n\u200D]]/v.test(text))).toEqual([]);
    expect(body).toMatchObject({ owner: HOSTILE_OWNER, title: "[encryption-guard] TLS 1.2: appdata01", evidence: { actual: HOSTILE_ACTUAL_SHOWN } });
    expect(body.text).not.toMatch(/https?:|@\w|#\d/);
    const rendered = viewHtml(renderGitHubMarkdown(body.body as string));
    expect(gitHubReferences(rendered)).toEqual([]);
    expect(linkTargets(rendered)).toEqual([]);
    expect(rendered.elements.map((element) => element.tag)).not.toContain("img");
  });

  it("sends a key access alert about a hostile caller with an inert text line, its fields cleaned, and its own event type", async () => {
    receiver = await WebhookReceiver.start();
    const [alerts] = anomalySinksFromPolicy([{ type: "webhook", url: receiver.url }], {});
    const anomaly = {
      kind: "new-caller",
      vault: "/subscriptions/s/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv-app",
      caller: { oid: "", appid: "", upn: "@org/team https://evil/login\u202Efdp.exe\u0000" },
      start: "2026-03-01T00:00:00Z",
      end: "2026-03-01T00:15:00Z",
      severity: "high",
      score: 4,
      evidence: { addresses: ["203.0.113.9\u2066"] },
      type: "ticket.closed",
    } as unknown as Anomaly;
    await alerts!.record([anomaly]);

    const [{ event, body }] = receiver.received as [(typeof receiver.received)[number]];
    expect([event, body.type]).toEqual(["anomaly.detected", "anomaly.detected"]);
    expect(body.text).toMatch(/^Key access anomaly: high new-caller on .+\/kv-app by @\u200Dorg\/team hxxps:\/\/evil\/loginfdp\.exe /);
    expect(body).toMatchObject({ caller: { upn: "@org/team https://evil/loginfdp.exe" }, evidence: { addresses: ["203.0.113.9"] } });
  });
});
