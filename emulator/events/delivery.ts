import http from "node:http";
import https from "node:https";
import type { EventGridEvent } from "./eventGrid.ts";

export interface DeliveryLogEntry {
  time: number;
  url: string;
  events: EventGridEvent[];
  /** Requests made, the last one included. */
  attempts: number;
  /** Status of the last attempt, when one was answered. */
  status?: number;
  error?: string;
  delivered: boolean;
}

export interface WebhookOptions {
  /** PEM to trust for an https webhook with a self-signed certificate. */
  ca?: string;
}

export interface DeliveryRetry {
  /** Attempts per event and webhook, the first included (default 4). */
  attempts: number;
  /** Wait before the n-th retry: `delayMs * 4^(n-1)` (default 25 ms). */
  delayMs: number;
}

/** Statuses Event Grid gives up on at once instead of retrying. */
const FINAL_FAILURES = new Set([400, 403, 413]);
const TIMEOUT_MS = 30_000;

interface Webhook {
  url: URL;
  agent: http.Agent;
}

/**
 * Event Grid's push delivery to webhooks: each event is POSTed as a one-element array, in
 * Event Grid schema, to every registered URL, retried on failure, and logged.
 */
export class EventDelivery {
  readonly delivered: DeliveryLogEntry[] = [];
  readonly emitted: EventGridEvent[] = [];
  readonly #webhooks = new Map<string, Webhook>();
  readonly #pending = new Set<Promise<void>>();
  readonly #retry: DeliveryRetry;

  constructor(retry: Partial<DeliveryRetry> = {}) {
    this.#retry = { attempts: retry.attempts ?? 4, delayMs: retry.delayMs ?? 25 };
  }

  add(url: string, options: WebhookOptions = {}): void {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`webhook url ${JSON.stringify(url)} is not an absolute URL`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error(`webhook url ${url} must be http or https`);
    this.remove(url);
    const agentOptions = { keepAlive: true, maxSockets: 8 };
    const agent = parsed.protocol === "https:" ? new https.Agent({ ...agentOptions, ...(options.ca ? { ca: options.ca } : {}) }) : new http.Agent(agentOptions);
    this.#webhooks.set(url, { url: parsed, agent });
  }

  remove(url: string): void {
    this.#webhooks.get(url)?.agent.destroy();
    this.#webhooks.delete(url);
  }

  emit(event: EventGridEvent): void {
    this.emitted.push(event);
    for (const webhook of this.#webhooks.values()) {
      const delivery = this.#deliver(webhook, [event]).finally(() => this.#pending.delete(delivery));
      this.#pending.add(delivery);
    }
  }

  /** Resolves once every event emitted so far has been delivered or given up on. */
  async flush(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  async close(): Promise<void> {
    await this.flush();
    for (const url of [...this.#webhooks.keys()]) this.remove(url);
  }

  async #deliver(webhook: Webhook, events: EventGridEvent[]): Promise<void> {
    const entry: DeliveryLogEntry = { time: Date.now(), url: webhook.url.href, events, attempts: 0, delivered: false };
    const payload = JSON.stringify(events);
    for (let attempt = 1; attempt <= this.#retry.attempts; attempt++) {
      if (attempt > 1) await sleep(this.#retry.delayMs * 4 ** (attempt - 2));
      entry.attempts = attempt;
      try {
        const status = await post(webhook, payload);
        entry.status = status;
        delete entry.error;
        if (status >= 200 && status < 300) {
          entry.delivered = true;
          break;
        }
        entry.error = `webhook answered ${status}`;
        if (FINAL_FAILURES.has(status)) break;
      } catch (error) {
        entry.error = (error as Error).message;
      }
    }
    entry.time = Date.now();
    this.delivered.push(entry);
  }
}

function post(webhook: Webhook, payload: string): Promise<number> {
  const transport = webhook.url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      webhook.url,
      {
        method: "POST",
        agent: webhook.agent,
        timeout: TIMEOUT_MS,
        headers: {
          "content-type": "application/json; charset=utf-8",
          "content-length": Buffer.byteLength(payload),
          "aeg-event-type": "Notification",
          "user-agent": "encryption-guard-emulator/eventgrid",
        },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error(`webhook did not answer within ${TIMEOUT_MS} ms`)));
    request.on("error", reject);
    request.end(payload);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
