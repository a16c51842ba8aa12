/**
 * Bindings follow their keys. A binding (a storage account, SQL protector, disk encryption set,
 * Cosmos DB account or backup vault with a customer-managed key) is judged with the key it names
 * attached, and a key takes the highest classification of the resources that use it. Online the
 * workflow reads keys and vaults from ARM; offline `evaluate` resolves against the key and vault
 * documents in the same input. Both build the attachment here.
 */
import { BOUND_KEY, bindingKey, keyIdentOf, parseKeyUri, vaultIdOfKey, type BoundKey, type BoundVault } from "../controls/bindings.ts";
import type { ArmDocument, HeldResource, HeldResources } from "../core/index.ts";
import type { EvaluationInput } from "./evaluate.ts";

/** What a key's classification evidence names as its source. */
export const KEY_USERS = "resources that use the key";

const KEY_TYPE = "microsoft.keyvault/vaults/keys";
const VAULT_TYPE = "microsoft.keyvault/vaults";
/** Resources named in a key's contents; the level is the same for the rest. */
const MAX_USERS = 1000;

export const isKeyDocument = (doc: ArmDocument) => doc.type.toLowerCase() === KEY_TYPE;

/** The vault settings a binding control reads, from the vault's document. */
export function boundVaultOf(vault: ArmDocument): BoundVault {
  const properties = vault.properties ?? {};
  return { id: vault.id, enableSoftDelete: properties.enableSoftDelete ?? null, enablePurgeProtection: properties.enablePurgeProtection ?? null };
}

/** The binding with its key attached (any attachment it came with is replaced: only the service attaches keys). */
export function withBoundKey(doc: ArmDocument, bound: BoundKey | undefined): ArmDocument {
  const { [BOUND_KEY]: _given, ...own } = doc;
  return bound ? { ...own, [BOUND_KEY]: bound } : (own as ArmDocument);
}

/** The binding resource a document stands for in a key's contents: a SQL protector's is its server. */
function userIdOf(doc: ArmDocument): string {
  return doc.id.replace(/\/encryptionProtector\/[^/]+$/i, "");
}

/** The key and vault documents of an input, and which resources use each key. */
export class KeyBook {
  /** Keys by vault and name (the first of each, as the input gives them): a binding finds its key in one look-up, not a scan. */
  readonly #keys = new Map<string, ArmDocument>();
  readonly #vaults = new Map<string, ArmDocument>();
  readonly #users = new Map<string, HeldResource[]>();

  constructor(docs: Iterable<ArmDocument | undefined>) {
    const all = [...docs].filter((d): d is ArmDocument => d !== undefined && typeof d.type === "string" && typeof d.id === "string");
    const tagsById = new Map(all.map((d) => [d.id.toLowerCase(), d.tags ?? null]));
    for (const doc of all) {
      const type = doc.type.toLowerCase();
      if (type === KEY_TYPE) {
        const ident = keyIdentOf(doc);
        if (ident && !this.#keys.has(ident)) this.#keys.set(ident, doc);
      } else if (type === VAULT_TYPE) this.#vaults.set(doc.id.toLowerCase(), doc);
      const named = bindingKey(doc);
      const reference = named ? parseKeyUri(named.uri) : undefined;
      if (!reference) continue;
      const users = this.#users.get(reference.ident) ?? [];
      const user = userIdOf(doc);
      if (users.length < MAX_USERS) users.push({ id: user, tags: doc.tags ?? tagsById.get(user.toLowerCase()) ?? {} });
      this.#users.set(reference.ident, users);
    }
  }

  /** The key attachment for a binding, or undefined when the input does not hold its key. */
  boundKey(doc: ArmDocument): BoundKey | undefined {
    const named = bindingKey(doc);
    const reference = named ? parseKeyUri(named.uri) : undefined;
    if (!named || !reference) return undefined;
    const key = this.#keys.get(reference.ident);
    if (!key) return undefined;
    const vault = this.#vaults.get(vaultIdOfKey(key.id).toLowerCase());
    return { uri: named.uri, source: "input", key, ...(vault ? { vault: boundVaultOf(vault) } : {}) };
  }

  /** The resources in the input that use a key. */
  usersOf(key: ArmDocument): HeldResources {
    const ident = keyIdentOf(key);
    return { source: KEY_USERS, resources: ident ? (this.#users.get(ident) ?? []) : [] };
  }

  /** The evaluation input for one document of the input: a binding with its key, a key with its users. */
  inputFor(doc: ArmDocument): EvaluationInput {
    if (isKeyDocument(doc)) return { doc: withBoundKey(doc, undefined), contents: this.usersOf(doc) };
    return { doc: bindingKey(doc) ? withBoundKey(doc, this.boundKey(doc)) : withBoundKey(doc, undefined) };
  }
}
