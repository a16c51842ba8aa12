import http from "node:http";
import type { AddressInfo } from "node:net";
import { armClientOptions } from "../../../shared/azure/clientOptions.ts";
import { EmulatorCredential } from "../../../dev/emulatorCredential.ts";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../../emulator/index.ts";

export const credential = new EmulatorCredential();

/** Client options for the real SDK clients against the emulator, with retry delays small enough for tests. */
export function sdkOptions(emulator: RunningEmulator, retry: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number } = {}) {
  return armClientOptions({
    endpoint: emulator.endpoint,
    ca: emulator.ca,
    credential,
    retry: { maxRetries: 4, retryDelayInMs: 5, maxRetryDelayInMs: 40, ...retry },
  });
}

/** LRO polling without the SDK's 2 s default between polls. */
export const fastPolling = { updateIntervalInMs: 1 };

export function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ throttle: false, ...options });
}

/** The logged requests whose method matches and whose path ends with `suffix` (case-insensitive). */
export function requestsTo(emulator: RunningEmulator, method: string, suffix: string) {
  return emulator.requests.filter((r) => r.method === method && r.path.toLowerCase().endsWith(suffix.toLowerCase()));
}

/** A local webhook that records every POSTed body and answers with the given statuses in turn (then 200). */
export async function webhookReceiver(statuses: number[] = []) {
  const received: unknown[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const status = statuses.shift() ?? 200;
      if (status === 200) received.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/events`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Raw HTTPS request to the emulator, for what no SDK method sends (missing auth, odd paths). */
export async function raw(emulator: RunningEmulator, method: string, path: string, options: { headers?: Record<string, string>; body?: unknown; bearer?: boolean } = {}) {
  const { request } = await import("node:https");
  const url = new URL(emulator.endpoint);
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: any }>((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method, path, ca: emulator.ca, headers: { ...(options.bearer === false ? {} : { authorization: "Bearer test" }), ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined });
        });
      },
    );
    req.on("error", reject);
    req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
  });
}
