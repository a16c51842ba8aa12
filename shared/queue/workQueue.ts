import { QueueClient } from "@azure/storage-queue";
import type { StorageConnection } from "../store/connection.ts";
import type { PoisonRecord, WorkItem } from "./workItem.ts";
import { forEachConcurrently } from "../core/index.ts";

import { poisonQueueName, WORK_QUEUE } from "./queueNames.ts";

export { poisonQueueName, WORK_QUEUE } from "./queueNames.ts";

/** A message as a queue trigger sees it. */
export interface Delivery {
  messageId: string;
  /** 1 on the first delivery; the host gives up after its maxDequeueCount. */
  dequeueCount: number;
}

export interface ReceivedMessage extends Delivery {
  popReceipt: string;
  /** Parsed when the text was JSON, the text otherwise: what the host hands a handler. */
  body: unknown;
}

/** The Functions queue extension reads and writes base64 by default (host.json messageEncoding). */
function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64");
}

function decode(text: string): unknown {
  const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(text) ? Buffer.from(text, "base64").toString("utf8") : text;
  try {
    return JSON.parse(decoded);
  } catch {
    return decoded;
  }
}

function client(connection: StorageConnection, name: string): QueueClient {
  return "connectionString" in connection ? new QueueClient(connection.connectionString, name) : new QueueClient(`${connection.queueUrl.replace(/\/+$/, "")}/${name}`, connection.credential);
}

/** The work queue and its poison queue in the ledger's storage account. */
export class WorkQueue {
  readonly name: string;
  readonly #queue: QueueClient;
  readonly #poison: QueueClient;
  #ready: Promise<unknown> | undefined;

  constructor(connection: StorageConnection, name: string = WORK_QUEUE) {
    if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,54}[a-z0-9]$/.test(name)) throw new Error(`queue name ${JSON.stringify(name)} must be 3-56 lower-case letters, digits and single hyphens`);
    this.name = name;
    this.#queue = client(connection, name);
    this.#poison = client(connection, poisonQueueName(name));
  }

  async #created(): Promise<void> {
    this.#ready ??= Promise.all([this.#queue.createIfNotExists(), this.#poison.createIfNotExists()]).catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    await this.#ready;
  }

  async send(item: WorkItem, options: { delaySeconds?: number } = {}): Promise<void> {
    await this.#created();
    await this.#queue.sendMessage(encode(item), options.delaySeconds ? { visibilityTimeout: options.delaySeconds } : {});
  }

  /** Sends a few at a time: an Event Grid batch must be answered within 30 seconds. */
  async sendAll(items: readonly WorkItem[], concurrency = 16): Promise<void> {
    await forEachConcurrently(items, concurrency, (item) => this.send(item));
  }

  async poison(record: PoisonRecord): Promise<void> {
    await this.#created();
    await this.#poison.sendMessage(encode(record));
  }

  // The rest is what the Functions host does for a queue trigger; the demo, the tests and the
  // benchmarks run the worker through it (see pump.ts).

  async receive(count: number, visibilityTimeoutSeconds: number): Promise<ReceivedMessage[]> {
    await this.#created();
    const response = await this.#queue.receiveMessages({ numberOfMessages: Math.min(32, Math.max(1, count)), visibilityTimeout: visibilityTimeoutSeconds });
    return response.receivedMessageItems.map((m) => ({ messageId: m.messageId, popReceipt: m.popReceipt, dequeueCount: m.dequeueCount, body: decode(m.messageText) }));
  }

  async delete(message: ReceivedMessage): Promise<void> {
    await this.#queue.deleteMessage(message.messageId, message.popReceipt);
  }

  /** Makes a failed message visible again after `delaySeconds`, as the host does before a retry. */
  async retryLater(message: ReceivedMessage, delaySeconds: number): Promise<void> {
    await this.#queue.updateMessage(message.messageId, message.popReceipt, undefined, delaySeconds);
  }

  /** Messages in the queue, visible or not (approximate, as the service counts). */
  async depth(): Promise<number> {
    await this.#created();
    return (await this.#queue.getProperties()).approximateMessagesCount ?? 0;
  }

  /** The poison queue's records, oldest first (up to 32). */
  async poisoned(): Promise<PoisonRecord[]> {
    await this.#created();
    const response = await this.#poison.peekMessages({ numberOfMessages: 32 });
    return response.peekedMessageItems.map((m) => decode(m.messageText) as PoisonRecord);
  }
}
