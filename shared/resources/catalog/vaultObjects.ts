import type { KeyRotationLifetimeAction, KeyRotationPolicyProperties } from "@azure/keyvault-keys";
import { listDocuments, readDocument, type SubscriptionClients } from "../../azure/index.ts";
import { isBag, parseResourceId, type ArmDocument, type PropertyChange, type ResourceId } from "../../core/index.ts";
import { defineResource } from "../define.ts";
import type { Direction } from "../types.ts";

/** Every vault of the subscription, then what `list` reads of each: keys and secrets are listed vault by vault. */
async function* perVault(clients: SubscriptionClients, list: (resourceGroup: string, vault: string) => AsyncIterable<ArmDocument>): AsyncGenerator<ArmDocument> {
  for await (const vault of listDocuments(() => clients.keyVault.vaults.listBySubscription(), `vaults in subscription ${clients.subscriptionId}`)) {
    const id = parseResourceId(vault.id);
    yield* list(id.resourceGroup, id.name);
  }
}

const ROTATION_POLICY = "properties.rotationPolicy";
const text = (value: unknown) => (typeof value === "string" && value.length <= 40 ? value : undefined);

/**
 * ARM's rotation policy (`lifetimeActions[].trigger/action`, `attributes.expiryTime`) as the data
 * plane SDK takes it. Nothing (a rollback to no policy) is a policy without actions: Key Vault
 * cannot delete a key's policy, only empty it.
 */
export function sdkRotationPolicy(wire: unknown): KeyRotationPolicyProperties {
  if (!isBag(wire)) return { lifetimeActions: [] };
  const actions = (Array.isArray(wire.lifetimeActions) ? wire.lifetimeActions : []).slice(0, 10).flatMap((item): KeyRotationLifetimeAction[] => {
    const type = isBag(item) && isBag(item.action) ? String(item.action.type).toLowerCase() : "";
    const trigger = isBag(item) && isBag(item.trigger) ? item.trigger : {};
    if (type !== "rotate" && type !== "notify") return [];
    const after = text(trigger.timeAfterCreate);
    const before = text(trigger.timeBeforeExpiry);
    return [{ action: type === "rotate" ? "Rotate" : "Notify", ...(after ? { timeAfterCreate: after } : {}), ...(before ? { timeBeforeExpiry: before } : {}) }];
  });
  const expiresIn = isBag(wire.attributes) ? text(wire.attributes.expiryTime) : undefined;
  return { lifetimeActions: actions, ...(expiresIn ? { expiresIn } : {}) };
}

/**
 * Writes a key's rotation policy through its vault's data plane (ARM keys have no update): the
 * vault's URI as ARM reports it, then `PUT /keys/{name}/rotationpolicy`. Only the rotation policy
 * is ever written; never the key's attributes, expiry or material.
 */
async function writeRotationPolicy(clients: SubscriptionClients, id: ResourceId, changes: readonly PropertyChange[], direction: Direction): Promise<void> {
  const unexpected = changes.filter((c) => c.path !== ROTATION_POLICY);
  if (unexpected.length > 0) throw new Error(`a key's writer changes only its rotation policy, not ${unexpected.map((c) => c.path).join(", ")}`);
  const vaultName = id.names[0]!;
  const vault = await readDocument(() => clients.keyVault.vaults.get(id.resourceGroup, vaultName));
  const keys = clients.vaultData.keys(vault.properties?.vaultUri);
  for (const change of changes) await keys.updateKeyRotationPolicy(id.name, sdkRotationPolicy(change[direction]));
}

/**
 * A Key Vault key as ARM describes it: attributes (`enabled`, `exp`, `nbf`, `created`), `kty`,
 * `keySize`, `curveName`, `keyUri`, `keyUriWithVersion` and, where the key has one, its
 * `rotationPolicy`. ARM never returns key material. The rotation policy is written through the
 * Key Vault data plane, not here (ARM keys have no update).
 */
export const vaultKeys = defineResource({
  type: "Microsoft.KeyVault/vaults/keys",
  apiVersion: "2026-02-01",
  client: "@azure/arm-keyvault",
  names: ["vault", "key"],
  operations: (clients) => clients.keyVault.keys,
  list: (ops, clients) => perVault(clients, (group, vault) => listDocuments(() => ops.list(group, vault), `keys of vault ${vault}`)),
  get: (ops, id) => ops.get(id.resourceGroup, id.names[0]!, id.name),
  write: (_ops, clients, id, changes, direction) => writeRotationPolicy(clients, id, changes, direction),
  // The data action that sets a rotation policy, and nothing that reads key material.
  actions: { read: ["Microsoft.KeyVault/vaults/read", "Microsoft.KeyVault/vaults/keys/read"], write: [], data: ["Microsoft.KeyVault/vaults/keyrotationpolicies/write"] },
});

/** What a secret document may carry: its metadata. A `value` (which ARM never returns) is dropped all the same. */
export function secretMetadata(doc: ArmDocument): ArmDocument {
  const properties = doc.properties && typeof doc.properties === "object" ? doc.properties : undefined;
  if (!properties || !("value" in properties)) return doc;
  const { value: _value, ...metadata } = properties;
  return { ...doc, properties: metadata };
}

/**
 * A Key Vault secret's metadata through ARM (attributes, content type, URIs). ARM's secret reads
 * never carry the value, and the service's role holds no data action that could read one.
 */
export const vaultSecrets = defineResource({
  type: "Microsoft.KeyVault/vaults/secrets",
  apiVersion: "2026-02-01",
  client: "@azure/arm-keyvault",
  names: ["vault", "secret"],
  operations: (clients) => clients.keyVault.secrets,
  async *list(ops, clients) {
    for await (const doc of perVault(clients, (group, vault) => listDocuments(() => ops.list(group, vault), `secrets of vault ${vault}`))) yield secretMetadata(doc);
  },
  get: (ops, id) => ops.get(id.resourceGroup, id.names[0]!, id.name),
  complete: async (_clients, _id, doc) => secretMetadata(doc),
  actions: { read: ["Microsoft.KeyVault/vaults/read", "Microsoft.KeyVault/vaults/secrets/read"] },
});
