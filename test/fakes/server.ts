import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";

/** A request as a fake received it, for tests to assert on. */
export interface RecordedRequest {
  method: string;
  /** The path without the query, as sent (percent-encoding kept). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialized as JSON unless it is a string. */
  body?: unknown;
}

export type Handler = (request: RecordedRequest) => FakeResponse | Promise<FakeResponse>;

export interface Fault {
  /** Only requests this matches fail; all requests when absent. */
  when?: (request: RecordedRequest) => boolean;
  response: FakeResponse;
  /** How many matching requests fail before the fake answers normally again. */
  times: number;
}

export function jsonBody(request: RecordedRequest): unknown {
  return request.body ? JSON.parse(request.body) : undefined;
}

/**
 * A local HTTP(S) server on 127.0.0.1 that the real clients call. It records every request,
 * answers through the fake's handler, and can be told to fail the next requests (a sink that
 * is down, rate-limited or refusing credentials).
 */
export class FakeServer {
  readonly requests: RecordedRequest[] = [];
  readonly #server: http.Server;
  readonly #handler: Handler;
  readonly #faults: Fault[] = [];
  url = "";

  private constructor(server: http.Server, handler: Handler) {
    this.#server = server;
    this.#handler = handler;
  }

  static async start(handler: Handler, tls?: { key: string; cert: string }): Promise<FakeServer> {
    let fake: FakeServer | undefined;
    const listener = (req: IncomingMessage, res: ServerResponse) => void fake!.#serve(req, res);
    const server = tls ? https.createServer(tls, listener) : http.createServer(listener);
    fake = new FakeServer(server, handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    fake.url = `${tls ? "https" : "http"}://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return fake;
  }

  /** The next `times` matching requests get `response` instead of the fake's answer. */
  fail(fault: Fault): void {
    this.#faults.push({ ...fault });
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://fake");
    const request: RecordedRequest = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
    this.requests.push(request);
    let response: FakeResponse;
    const fault = this.#faults.find((f) => f.times > 0 && (!f.when || f.when(request)));
    if (fault) {
      fault.times -= 1;
      response = fault.response;
    } else {
      try {
        response = await this.#handler(request);
      } catch (error) {
        response = { status: 500, body: { message: `fake failed: ${(error as Error).message}` } };
      }
    }
    const text = response.body === undefined ? "" : typeof response.body === "string" ? response.body : JSON.stringify(response.body);
    res.writeHead(response.status, { ...(typeof response.body === "string" || response.body === undefined ? {} : { "content-type": "application/json; charset=utf-8" }), ...response.headers });
    res.end(text);
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
