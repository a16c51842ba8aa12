/**
 * Key Vault's own Event Grid events (the vault's system topic, `Microsoft.KeyVault.vaults`):
 * `KeyNearExpiry`, `KeyExpired`, `KeyNewVersionCreated`, `SecretNearExpiry`, `SecretExpired` and
 * the certificate ones. The topic (a CloudEvent's source) is the vault's ARM id; `data` carries
 * `Id` (the object URI with its version), `VaultName`, `ObjectType`, `ObjectName`, `Version`,
 * `NBF` and `EXP`. The object named is mapped to its ARM id under the vault: the worker reads it
 * again from ARM, never trusting the event.
 */
import { MalformedEventError, eventTypeOf, objectField, schemaOf, textField } from "./resourceWrite.ts";

export const KEY_VAULT_EVENT_PREFIX = "Microsoft.KeyVault.";

/** The events the intake takes, by type, with the vault collection their object lives in. */
export const KEY_VAULT_EVENTS: Readonly<Record<string, { collection: "keys" | "secrets" | "certificates"; type: string }>> = {
  "Microsoft.KeyVault.KeyNearExpiry": { collection: "keys", type: "Microsoft.KeyVault/vaults/keys" },
  "Microsoft.KeyVault.KeyExpired": { collection: "keys", type: "Microsoft.KeyVault/vaults/keys" },
  "Microsoft.KeyVault.KeyNewVersionCreated": { collection: "keys", type: "Microsoft.KeyVault/vaults/keys" },
  "Microsoft.KeyVault.SecretNearExpiry": { collection: "secrets", type: "Microsoft.KeyVault/vaults/secrets" },
  "Microsoft.KeyVault.SecretExpired": { collection: "secrets", type: "Microsoft.KeyVault/vaults/secrets" },
  "Microsoft.KeyVault.CertificateNearExpiry": { collection: "certificates", type: "Microsoft.KeyVault/vaults/certificates" },
  "Microsoft.KeyVault.CertificateExpired": { collection: "certificates", type: "Microsoft.KeyVault/vaults/certificates" },
  "Microsoft.KeyVault.CertificateNewVersionCreated": { collection: "certificates", type: "Microsoft.KeyVault/vaults/certificates" },
};

/** What the service needs from a Key Vault event. */
export interface KeyVaultEvent {
  eventId: string;
  eventType: string;
  /** The vault's ARM id, from the topic. */
  vaultId: string;
  /** `<vault id>/keys|secrets|certificates/<name>`. */
  resourceId: string;
  /** A key's events: the resources that use the key are judged again too. */
  keyEvent: boolean;
  eventTime?: string;
}

const VAULT_ID = /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w._()]{1,90}\/providers\/Microsoft\.KeyVault\/vaults\/([a-zA-Z0-9-]{3,24})$/i;
const OBJECT_NAME = /^[0-9a-zA-Z-]{1,127}$/;

/**
 * Reads a Key Vault event in either schema; undefined for other event types; throws
 * MalformedEventError naming what is wrong (a topic that is not a vault, a name that differs
 * between the topic and the data, an object name Key Vault would not allow).
 */
export function parseKeyVaultEvent(event: unknown): KeyVaultEvent | undefined {
  const eventType = eventTypeOf(event);
  const kind = KEY_VAULT_EVENTS[eventType];
  if (!kind) return undefined;
  const e = event as Record<string, unknown>;
  const cloud = schemaOf(e) === "cloudevents";
  const eventId = textField(e.id);
  if (!eventId) throw new MalformedEventError("the event has no id");
  const topic = textField(cloud ? e.source : e.topic)?.replace(/\/+$/, "");
  const vault = topic ? VAULT_ID.exec(topic) : null;
  if (!topic || !vault) throw new MalformedEventError(`the topic ${JSON.stringify(String(topic ?? "").slice(0, 200))} is not a key vault's id`);
  const data = objectField(e.data);
  if (!data) throw new MalformedEventError("data is missing or not an object");
  const vaultName = textField(data.VaultName);
  if (vaultName && vaultName.toLowerCase() !== vault[1]!.toLowerCase()) throw new MalformedEventError(`data.VaultName ${JSON.stringify(vaultName.slice(0, 40))} is not the topic's vault`);
  const name = textField(data.ObjectName) ?? textField(e.subject);
  if (!name || !OBJECT_NAME.test(name)) throw new MalformedEventError("data.ObjectName is missing or not a Key Vault object name");
  const time = textField(cloud ? e.time : e.eventTime);
  return {
    eventId,
    eventType,
    vaultId: topic,
    resourceId: `${topic}/${kind.collection}/${name}`,
    keyEvent: kind.collection === "keys",
    ...(time ? { eventTime: time } : {}),
  };
}
