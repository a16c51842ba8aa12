import type { TokenCredential } from "@azure/core-auth";
import type { EventTopic, TopicSchema } from "./publisher.ts";

type Environment = Readonly<Record<string, string | undefined>>;

export const EVENT_TOPIC_SETTINGS = {
  endpoint: "GUARD_EVENTS_TOPIC_ENDPOINT",
  key: "GUARD_EVENTS_TOPIC_KEY",
  schema: "GUARD_EVENTS_TOPIC_SCHEMA",
} as const;

/**
 * The custom topic from app settings; undefined when none is configured (publishing is optional).
 * Without a key the service's own identity is used, which is the better choice in Azure.
 */
export function eventTopicFromSettings(env: Environment, credential: () => TokenCredential): EventTopic | undefined {
  const endpoint = env[EVENT_TOPIC_SETTINGS.endpoint]?.trim();
  if (!endpoint) return undefined;
  if (!URL.canParse(endpoint) || new URL(endpoint).protocol !== "https:") {
    throw new Error(`${EVENT_TOPIC_SETTINGS.endpoint} must be an https:// URL, got ${JSON.stringify(endpoint)}`);
  }
  const schema = env[EVENT_TOPIC_SETTINGS.schema]?.trim() || "EventGrid";
  if (schema !== "EventGrid" && schema !== "CloudEvent") throw new Error(`${EVENT_TOPIC_SETTINGS.schema} must be EventGrid or CloudEvent, got ${JSON.stringify(schema)}`);
  const key = env[EVENT_TOPIC_SETTINGS.key]?.trim();
  return { endpoint, schema: schema as TopicSchema, ...(key ? { key } : { credential: credential() }) };
}
