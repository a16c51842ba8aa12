/**
 * Bindings follow their keys, online: a collected binding gets the key it names attached (read
 * from ARM in whichever guarded subscription holds the vault), and a collected key gets the
 * resources that use it as its contents, so it takes their highest classification. Vaults and
 * bindings are listed once per subscription and kept for a few minutes; keys are read each time.
 */
import { listDocuments, readDocument } from "../azure/index.ts";
import { bindingKey, parseKeyUri, type BoundKey, type KeyReference } from "../controls/bindings.ts";
import { valueAt } from "../controls/evidence.ts";
import { boundVaultOf, isKeyDocument, KeyBook, withBoundKey } from "../engine/keyBindings.ts";
import { moduleForType, type CollectedDocument } from "../resources/index.ts";
import { parseResourceId, type ArmDocument, type HeldResources } from "../core/index.ts";
import type { GuardRuntime } from "./runtime.ts";
import { scopeCheck, sweepSubscriptions } from "./scope.ts";

/** How long a run trusts its list of vaults and of bindings. */
const TTL_MS = 5 * 60_000;
/** Vaults and bindings listed per subscription at most: past it, what is left is unread. */
const MAX_LISTED = 5000;

const BINDING_LISTS = [
  "Microsoft.Storage/storageAccounts",
  "Microsoft.Compute/diskEncryptionSets",
  "Microsoft.DocumentDB/databaseAccounts",
  "Microsoft.RecoveryServices/vaults",
  "Microsoft.DataProtection/backupVaults",
  "Microsoft.Sql/servers",
];

interface Listing<T> {
  at: number;
  value: Promise<T>;
}

interface Memo {
  vaults?: Listing<{ byName: Map<string, ArmDocument>; unread: string[] }>;
  users?: Listing<{ book: KeyBook; unread: string[] }>;
}

const memos = new WeakMap<GuardRuntime, Memo>();

function fresh<T>(runtime: GuardRuntime, listing: Listing<T> | undefined): listing is Listing<T> {
  return listing !== undefined && runtime.now().getTime() - listing.at < TTL_MS;
}

function memoOf(runtime: GuardRuntime): Memo {
  let memo = memos.get(runtime);
  if (!memo) memos.set(runtime, (memo = {}));
  return memo;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 300);

/** Every vault of the guarded subscriptions, by name (vault names are global). */
function vaultsOf(runtime: GuardRuntime) {
  const memo = memoOf(runtime);
  if (fresh(runtime, memo.vaults)) return memo.vaults.value;
  const value = (async () => {
    const byName = new Map<string, ArmDocument>();
    const unread: string[] = [];
    for (const subscriptionId of sweepSubscriptions(runtime).inScope) {
      try {
        let listed = 0;
        for await (const vault of listDocuments(() => runtime.clients.forSubscription(subscriptionId).keyVault.vaults.listBySubscription(), `vaults in ${subscriptionId}`)) {
          if (++listed > MAX_LISTED) break;
          if (typeof vault.name === "string") byName.set(vault.name.toLowerCase(), vault);
        }
      } catch (error) {
        unread.push(`vaults of subscription ${subscriptionId}: ${message(error)}`);
      }
    }
    return { byName, unread };
  })();
  memo.vaults = { at: runtime.now().getTime(), value };
  return value;
}

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number })?.statusCode;
}

/** Reads the key a URI names from ARM: found, gone (the vault holds no such key), or unread (and why). */
export async function resolveKey(runtime: GuardRuntime, uri: string, hint?: string): Promise<BoundKey> {
  const reference: KeyReference | undefined = parseKeyUri(uri);
  if (!reference) return { uri, source: "arm", unresolved: "the key URI is not a Key Vault key URI (https://<vault>/keys/<name>[/<version>])" };
  if (reference.host.includes(".managedhsm.")) return { uri, source: "arm", unresolved: "a managed HSM key: ARM does not list managed HSM keys as vault keys" };
  const { byName, unread } = await vaultsOf(runtime);
  const vaultId = byName.get(reference.vaultName)?.id ?? hint;
  if (!vaultId) {
    const also = unread.length > 0 ? `; not read: ${unread.join("; ")}` : "";
    return { uri, source: "arm", unresolved: `no vault ${reference.vaultName} in the subscriptions the service guards (another tenant, or out of scope)${also}` };
  }
  let id;
  try {
    id = parseResourceId(vaultId);
  } catch {
    return { uri, source: "arm", unresolved: "the vault id the resource names is not a resource id" };
  }
  if (!scopeCheck(runtime, id.id).ok) return { uri, source: "arm", unresolved: `vault ${id.name} is outside the service's scope` };
  const clients = runtime.clients.forSubscription(id.subscriptionId);
  let vault: ArmDocument;
  try {
    // Read fresh: its protection settings are what cmk.vault-protection judges.
    vault = await readDocument(() => clients.keyVault.vaults.get(id.resourceGroup, id.name));
  } catch (error) {
    return { uri, source: "arm", unresolved: `vault ${id.name} could not be read: ${message(error)}` };
  }
  const bound = { uri, source: "arm" as const, vault: boundVaultOf(vault) };
  try {
    const key = await readDocument(() => clients.keyVault.keys.get(id.resourceGroup, id.name, reference.keyName));
    return { ...bound, key };
  } catch (error) {
    if (statusOf(error) === 404) return { ...bound, missing: `vault ${id.name} holds no key ${reference.keyName}: it was deleted or purged` };
    return { ...bound, unresolved: `key ${reference.keyName} in vault ${id.name} could not be read: ${message(error)}` };
  }
}

/** Every binding of the guarded subscriptions (SQL servers with their protectors), as a key book. */
function usersOf(runtime: GuardRuntime) {
  const memo = memoOf(runtime);
  if (fresh(runtime, memo.users)) return memo.users.value;
  const value = (async () => {
    const docs: ArmDocument[] = [];
    const unread: string[] = [];
    for (const subscriptionId of sweepSubscriptions(runtime).inScope) {
      const clients = runtime.clients.forSubscription(subscriptionId);
      for (const type of BINDING_LISTS) {
        const module = moduleForType(type, runtime.resources);
        if (!module) continue;
        try {
          let listed = 0;
          for await (const doc of module.list(clients)) {
            if (++listed > MAX_LISTED) break;
            if (type === "Microsoft.Sql/servers") {
              docs.push(doc);
              docs.push(await readDocument(() => clients.sql.encryptionProtectors.get(parseResourceId(doc.id).resourceGroup, String(doc.name), "current")));
            } else if (bindingKey(doc)) docs.push(doc);
          }
        } catch (error) {
          unread.push(`${type} of subscription ${subscriptionId}: ${message(error)}`);
        }
      }
    }
    return { book: new KeyBook(docs), unread };
  })();
  memo.users = { at: runtime.now().getTime(), value };
  return value;
}

/** The resources that use a key, read across the guarded subscriptions. */
async function keyUsers(runtime: GuardRuntime, key: ArmDocument): Promise<HeldResources> {
  const { book, unread } = await usersOf(runtime);
  const users = book.usersOf(key);
  return unread.length > 0 ? { ...users, unread: unread.join("; ") } : users;
}

/** Resources a key event re-evaluates at most: past it, the next sweep judges the rest. */
export const MAX_KEY_USERS = 200;

/** The ids of the resources that use a key (SQL protectors by their server), read across the guarded subscriptions. */
export async function keyUserIds(runtime: GuardRuntime, keyId: string): Promise<string[]> {
  const { book } = await usersOf(runtime);
  const held = book.usersOf({ id: keyId, type: "Microsoft.KeyVault/vaults/keys" });
  return [...new Set(held.resources.map((r) => r.id))].slice(0, MAX_KEY_USERS);
}

/**
 * The collected documents with keys attached to bindings and users to keys. A document Resource
 * Graph listed is attached the same way (the key is read from ARM).
 */
export async function attachKeys(runtime: GuardRuntime, collected: readonly CollectedDocument[]): Promise<CollectedDocument[]> {
  return Promise.all(
    collected.map(async (input) => {
      const { doc } = input;
      if (isKeyDocument(doc)) return { ...input, doc: withBoundKey(doc, undefined), contents: await keyUsers(runtime, doc) };
      const named = bindingKey(doc);
      if (!named) return input;
      const hint = valueAt(doc, "properties.activeKey.sourceVault.id");
      return { ...input, doc: withBoundKey(doc, await resolveKey(runtime, named.uri, typeof hint === "string" ? hint : undefined)) };
    }),
  );
}
