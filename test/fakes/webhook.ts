import { createHmac, timingSafeEqual } from "node:crypto";
import { FakeServer, jsonBody, type FakeResponse, type RecordedRequest } from "./server.ts";

export interface ReceivedHook {
  event: string;
  body: Record<string, unknown>;
  /** Whether the signature header matched the body under the receiver's secret (undefined: no secret). */
  signatureValid?: boolean;
}

/** A webhook receiver (a Logic App, a chat connector) that checks the HMAC the way a receiver should: over the raw body. */
export class WebhookReceiver {
  readonly server: FakeServer;
  readonly received: ReceivedHook[] = [];
  readonly #secret: string | undefined;

  private constructor(server: FakeServer, secret: string | undefined) {
    this.server = server;
    this.#secret = secret;
  }

  static async start(options: { secret?: string } = {}): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = await FakeServer.start((request) => receiver!.#handle(request));
    receiver = new WebhookReceiver(server, options.secret);
    return receiver;
  }

  /** The URL to configure; the query stands for the signature a Teams or Logic Apps URL embeds. */
  get url(): string {
    return `${this.server.url}/hooks/encryption-guard?sig=url-embedded-signature`;
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }

  #verify(request: RecordedRequest): boolean | undefined {
    if (!this.#secret) return undefined;
    const header = String(request.headers["x-encryption-guard-signature-256"] ?? "");
    const expected = `sha256=${createHmac("sha256", this.#secret).update(request.body, "utf8").digest("hex")}`;
    return header.length === expected.length && timingSafeEqual(Buffer.from(header), Buffer.from(expected));
  }

  #handle(request: RecordedRequest): FakeResponse {
    if (request.method !== "POST" || request.headers["content-type"] !== "application/json") return { status: 415 };
    const signatureValid = this.#verify(request);
    this.received.push({ event: String(request.headers["x-encryption-guard-event"]), body: jsonBody(request) as Record<string, unknown>, ...(signatureValid === undefined ? {} : { signatureValid }) });
    return signatureValid === false ? { status: 401, body: "bad signature" } : { status: 202 };
  }
}
