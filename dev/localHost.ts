import azureFunctions from "@azure/functions";
import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { MessageHandler } from "../shared/queue/index.ts";

// @azure/functions is CommonJS, so Node cannot bind its named exports in an ES module.
const { HttpRequest: Request, InvocationContext: Context } = azureFunctions;

/**
 * What the Functions host hands our entry points, for running them where there is no host:
 * the demo, the benchmarks and the tests call the same handlers the host calls.
 */
export function invocationContext(functionName: string, triggerMetadata: Record<string, unknown> = {}): InvocationContext {
  return new Context({ functionName, invocationId: randomUUID(), triggerMetadata, logHandler: () => {} });
}

/** A queue-trigger handler as the local queue pump's message handler, with the host's trigger metadata. */
export function asQueueTrigger(handler: (message: unknown, context: InvocationContext) => Promise<unknown>, functionName = "worker"): MessageHandler {
  return async (body, delivery) => {
    await handler(body, invocationContext(functionName, { id: delivery.messageId, dequeueCount: delivery.dequeueCount }));
  };
}

export interface LocalHttpFunction {
  url: string;
  /** Answers with a 5xx status (or a handler that threw). */
  failures: number;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Serves an HTTP function on a local port, as the host would at its route: the emulator's
 * Event Grid delivery posts our own writes' events to the webhook function this way.
 * `onBody` sees each request body first (the demo shows the events it delivered).
 */
export async function serveHttpFunction(
  handler: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>,
  route: string,
  onBody?: (body: string) => void,
): Promise<LocalHttpFunction> {
  const served = { failures: 0 };
  const server = createServer(async (incoming, response) => {
    const body = await readBody(incoming);
    onBody?.(body);
    const request = new Request({ method: incoming.method ?? "GET", url: `http://127.0.0.1${incoming.url ?? "/"}`, headers: incoming.headers as Record<string, string>, body: { string: body } });
    const answer: HttpResponseInit = await handler(request, invocationContext(route)).catch(() => ({ status: 500 }));
    const status = answer.status ?? 200;
    if (status >= 500) served.failures += 1;
    response.writeHead(status, answer.headers as Record<string, string> | undefined).end(answer.jsonBody === undefined ? undefined : JSON.stringify(answer.jsonBody));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/${route}`,
    get failures() {
      return served.failures;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Event Grid's delivery keeps connections alive; they would hold the server open.
        server.closeAllConnections();
      }),
  };
}
