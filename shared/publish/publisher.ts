import { AzureKeyCredential, EventGridPublisherClient, type SendCloudEventInput, type SendEventGridEventInput } from "@azure/eventgrid";
import type { TokenCredential } from "@azure/core-auth";
import type { GuardEvent } from "./events.ts";
import type { Logger } from "../core/index.ts";

export type TopicSchema = "EventGrid" | "CloudEvent";

export interface EventTopic {
  /** The custom topic's endpoint, `https://<topic>.<region>-1.eventgrid.azure.net/api/events`. */
  endpoint: string;
  /** The topic's access key; without it the service's Entra ID identity is used (role EventGrid Data Sender). */
  key?: string;
  credential?: TokenCredential;
  /** The input schema the topic was created with. */
  schema?: TopicSchema;
  /** PEM of a CA to trust for this endpoint only (a local test topic). */
  ca?: string;
}

/** CloudEvents name where an event comes from; Event Grid schema events carry the topic instead. */
export const CLOUD_EVENT_SOURCE = "/azure-encryption-guard";

/** Event Grid takes at most 1 MB per request; the margin covers the envelope's JSON. */
const MAX_BATCH_BYTES = 900_000;

export interface PublishResult {
  sent: number;
  failed: number;
}

function batches(events: readonly GuardEvent[]): GuardEvent[][] {
  const result: GuardEvent[][] = [];
  let current: GuardEvent[] = [];
  let size = 0;
  for (const event of events) {
    const bytes = Buffer.byteLength(JSON.stringify(event));
    if (current.length > 0 && size + bytes > MAX_BATCH_BYTES) {
      result.push(current);
      current = [];
      size = 0;
    }
    current.push(event);
    size += bytes;
  }
  if (current.length > 0) result.push(current);
  return result;
}

/**
 * Publishes Encryption Guard's events to a custom topic with @azure/eventgrid. The client's
 * pipeline retries throttling and server errors; what still fails is logged and counted, never
 * thrown, so publishing cannot fail a scan.
 */
export class GuardEventPublisher {
  readonly #schema: TopicSchema;
  readonly #logger: Logger;
  readonly #eventGrid?: EventGridPublisherClient<"EventGrid">;
  readonly #cloudEvents?: EventGridPublisherClient<"CloudEvent">;

  constructor(topic: EventTopic, logger: Logger) {
    if (!topic.key && !topic.credential) throw new Error("an Event Grid topic needs a key or a credential");
    const credential = topic.key ? new AzureKeyCredential(topic.key) : topic.credential!;
    const options = { ...(topic.ca ? { tlsOptions: { ca: topic.ca } } : {}), userAgentOptions: { userAgentPrefix: "azure-encryption-guard" } };
    this.#schema = topic.schema ?? "EventGrid";
    this.#logger = logger;
    if (this.#schema === "EventGrid") this.#eventGrid = new EventGridPublisherClient(topic.endpoint, "EventGrid", credential, options);
    else this.#cloudEvents = new EventGridPublisherClient(topic.endpoint, "CloudEvent", credential, options);
  }

  async #send(batch: GuardEvent[]): Promise<void> {
    if (this.#eventGrid) {
      const events: SendEventGridEventInput<unknown>[] = batch.map((e) => ({ id: e.id, eventType: e.eventType, subject: e.subject, eventTime: e.eventTime, dataVersion: e.dataVersion, data: e.data }));
      await this.#eventGrid.send(events);
      return;
    }
    const events: SendCloudEventInput<unknown>[] = batch.map((e) => ({
      id: e.id,
      type: e.eventType,
      source: CLOUD_EVENT_SOURCE,
      subject: e.subject,
      time: e.eventTime,
      data: e.data,
      datacontenttype: "application/json",
      extensionAttributes: { dataversion: e.dataVersion },
    }));
    await this.#cloudEvents!.send(events);
  }

  async publish(events: readonly GuardEvent[]): Promise<PublishResult> {
    const result: PublishResult = { sent: 0, failed: 0 };
    for (const batch of batches(events)) {
      try {
        await this.#send(batch);
        result.sent += batch.length;
      } catch (error) {
        result.failed += batch.length;
        this.#logger.error(`could not publish ${batch.length} event(s) to Event Grid (${batch.map((e) => e.eventType).join(", ")}): ${(error as Error).message}`);
      }
    }
    return result;
  }
}
