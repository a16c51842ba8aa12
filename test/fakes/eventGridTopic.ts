import { selfSignedCertificate } from "../../emulator/server/tls.ts";
import { FakeServer, jsonBody, type FakeResponse, type RecordedRequest } from "./server.ts";

export interface TopicAuth {
  /** The topic's access key (header aeg-sas-key). */
  key?: string;
  /** A bearer token the topic accepts (Entra ID). */
  bearer?: string;
}

/**
 * An Event Grid custom topic's publish endpoint over HTTPS with a self-signed certificate, as
 * the publisher client calls it: POST /api/events?api-version=..., a JSON array of events.
 */
export class EventGridTopicFake {
  readonly server: FakeServer;
  readonly ca: string;
  readonly received: Record<string, unknown>[] = [];
  readonly #auth: TopicAuth;

  private constructor(server: FakeServer, ca: string, auth: TopicAuth) {
    this.server = server;
    this.ca = ca;
    this.#auth = auth;
  }

  static async start(auth: TopicAuth): Promise<EventGridTopicFake> {
    const certificate = await selfSignedCertificate();
    let fake: EventGridTopicFake | undefined;
    const server = await FakeServer.start((request) => fake!.#handle(request), certificate);
    fake = new EventGridTopicFake(server, certificate.cert, auth);
    return fake;
  }

  get endpoint(): string {
    return `${this.server.url}/api/events`;
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }

  #handle(request: RecordedRequest): FakeResponse {
    const keyOk = this.#auth.key !== undefined && request.headers["aeg-sas-key"] === this.#auth.key;
    const bearerOk = this.#auth.bearer !== undefined && request.headers.authorization === `Bearer ${this.#auth.bearer}`;
    if (!keyOk && !bearerOk) return { status: 401, body: { error: { code: "Unauthorized", message: "The request authorization key is not authorized" } } };
    if (request.method !== "POST" || request.path !== "/api/events" || !request.query.get("api-version")) return { status: 404, body: { error: { code: "NotFound" } } };
    const events = jsonBody(request);
    if (!Array.isArray(events)) return { status: 400, body: { error: { code: "BadRequest", message: "expected an array of events" } } };
    this.received.push(...(events as Record<string, unknown>[]));
    return { status: 200 };
  }
}
