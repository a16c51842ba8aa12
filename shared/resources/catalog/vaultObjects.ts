import { listDocuments, type SubscriptionClients } from "../../azure/index.ts";
import { parseResourceId, type ArmDocument } from "../../core/index.ts";
import { defineResource } from "../define.ts";

/** Every vault of the subscription, then what `list` reads of each: keys and secrets are listed vault by vault. */
async function* perVault(clients: SubscriptionClients, list: (resourceGroup: string, vault: string) => AsyncIterable<ArmDocument>): AsyncGenerator<ArmDocument> {
  for await (const vault of listDocuments(() => clients.keyVault.vaults.listBySubscription(), `vaults in subscription ${clients.subscriptionId}`)) {
    const id = parseResourceId(vault.id);
    yield* list(id.resourceGroup, id.name);
  }
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
  actions: { read: ["Microsoft.KeyVault/vaults/read", "Microsoft.KeyVault/vaults/keys/read"] },
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
