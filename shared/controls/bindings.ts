/**
 * Bindings: resources that encrypt with a customer-managed key. Which key a binding names is read
 * from its own document (pure); the collector (online) or `evaluate` (offline, from the same
 * input) resolves that key to the key's own document and attaches it under `BOUND_KEY`, with the
 * vault's protection settings, so the `cmk.*` controls stay pure `(doc, ctx)` functions.
 */
import { isBag, isNonEmptyString, lower, valueAt, valueAtAnyCase } from "./evidence.ts";
import type { ArmDocument } from "../core/index.ts";

/** Where the collector attaches the resolved key on a binding document (not an ARM property). */
export const BOUND_KEY = "boundKey";

/** The key a URI names: `https://{vault host}/keys/{name}[/{version}]`. */
export interface KeyReference {
  /** The vault's host, lower-cased, without a port: `contoso.vault.azure.net`. */
  host: string;
  /** The vault's name: the host's first label. */
  vaultName: string;
  keyName: string;
  /** The pinned version, when the URI names one. */
  version?: string;
  /** `https://{host}/keys/{name}` lower-cased: what two URIs of one key share. */
  base: string;
  /** `{vault}/{key}` lower-cased: vault names are global, so this names the key in any cloud's DNS. */
  ident: string;
}

const NAME = /^[0-9a-zA-Z-]{1,127}$/;
const VERSION = /^[0-9a-fA-F]{32}$/;

/** Parses a key URI, or undefined for anything that is not one (no other scheme, path or user info). */
export function parseKeyUri(uri: unknown): KeyReference | undefined {
  if (typeof uri !== "string" || uri.length > 512) return undefined;
  let url: URL;
  try {
    url = new URL(uri.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" || url.username || url.password || url.search || url.hash) return undefined;
  const segments = url.pathname.split("/").filter((s) => s !== "");
  if (segments.length < 2 || segments.length > 3 || segments[0]!.toLowerCase() !== "keys") return undefined;
  const [, keyName, version] = segments as [string, string, string | undefined];
  if (!NAME.test(keyName) || (version !== undefined && !VERSION.test(version))) return undefined;
  const host = url.hostname.toLowerCase();
  const vaultName = host.split(".")[0]!;
  if (!/^[a-z0-9-]{3,24}$/.test(vaultName)) return undefined;
  return {
    host,
    vaultName,
    keyName,
    ...(version ? { version: version.toLowerCase() } : {}),
    base: `https://${host}/keys/${keyName.toLowerCase()}`,
    ident: `${vaultName}/${keyName.toLowerCase()}`,
  };
}

/** The key URI a binding names and the path it was read at; undefined when the resource uses no customer-managed key. */
export interface BindingKey {
  path: string;
  uri: string;
}

function storageKey(doc: ArmDocument): BindingKey | undefined {
  if (lower(valueAt(doc, "properties.encryption.keySource")) !== "microsoft.keyvault") return undefined;
  const properties = valueAtAnyCase(doc, "properties.encryption.keyvaultproperties");
  const vaultUri = valueAtAnyCase(properties, "keyvaulturi");
  const name = valueAtAnyCase(properties, "keyname");
  if (!isNonEmptyString(vaultUri) || !isNonEmptyString(name)) return undefined;
  const version = valueAtAnyCase(properties, "keyversion");
  const uri = `${vaultUri.replace(/\/+$/, "")}/keys/${name}${isNonEmptyString(version) ? `/${version}` : ""}`;
  return { path: "properties.encryption.keyvaultproperties", uri };
}

function at(path: string, when?: (doc: ArmDocument) => boolean) {
  return (doc: ArmDocument): BindingKey | undefined => {
    if (when && !when(doc)) return undefined;
    const uri = valueAt(doc, path);
    return isNonEmptyString(uri) ? { path, uri } : undefined;
  };
}

const sqlProtector = at("properties.uri", (doc) => lower(valueAt(doc, "properties.serverKeyType")) === "azurekeyvault");

/** Where each binding type names its key. */
const BINDINGS: Readonly<Record<string, (doc: ArmDocument) => BindingKey | undefined>> = {
  "microsoft.storage/storageaccounts": storageKey,
  "microsoft.sql/servers/encryptionprotector": sqlProtector,
  "microsoft.sql/managedinstances/encryptionprotector": sqlProtector,
  "microsoft.compute/diskencryptionsets": at("properties.activeKey.keyUrl"),
  "microsoft.documentdb/databaseaccounts": at("properties.keyVaultKeyUri"),
  "microsoft.recoveryservices/vaults": at("properties.encryption.keyVaultProperties.keyUri"),
  "microsoft.dataprotection/backupvaults": at("properties.securitySettings.encryptionSettings.keyVaultProperties.keyUri"),
};

/** The ARM types that can encrypt with a customer-managed key, in their canonical casing. */
export const BINDING_TYPES: readonly string[] = [
  "Microsoft.Storage/storageAccounts",
  "Microsoft.Sql/servers/encryptionProtector",
  "Microsoft.Sql/managedInstances/encryptionProtector",
  "Microsoft.Compute/diskEncryptionSets",
  "Microsoft.DocumentDB/databaseAccounts",
  "Microsoft.RecoveryServices/vaults",
  "Microsoft.DataProtection/backupVaults",
];

/** The key a binding names, or undefined when it names none (or is no binding type). */
export function bindingKey(doc: ArmDocument): BindingKey | undefined {
  return BINDINGS[doc.type.toLowerCase()]?.(doc);
}

/** The vault's protection settings as the key's vault document gave them. */
export interface BoundVault {
  id: string;
  enableSoftDelete?: unknown;
  enablePurgeProtection?: unknown;
}

/**
 * What the collector attaches to a binding: the key it names, resolved or not, and from where.
 * - `key`: the key's document (ARM's answer, or the document in the same input);
 * - `missing`: the vault was read and holds no such key (the key is gone);
 * - `unresolved`: why the key could not be read (another tenant, no access, not in the input).
 */
export interface BoundKey {
  uri: string;
  source: "arm" | "input";
  key?: ArmDocument;
  vault?: BoundVault;
  missing?: string;
  unresolved?: string;
}

/** The attachment, read back defensively (a document from outside may carry anything under the name). */
export function boundKeyOf(doc: ArmDocument): BoundKey | undefined {
  const bound = doc[BOUND_KEY];
  if (!isBag(bound) || typeof bound.uri !== "string" || (bound.source !== "arm" && bound.source !== "input")) return undefined;
  const key = isBag(bound.key) && typeof bound.key.id === "string" ? (bound.key as ArmDocument) : undefined;
  const vault = isBag(bound.vault) && typeof bound.vault.id === "string" ? (bound.vault as unknown as BoundVault) : undefined;
  return {
    uri: bound.uri,
    source: bound.source,
    ...(key ? { key } : {}),
    ...(vault ? { vault } : {}),
    ...(typeof bound.missing === "string" ? { missing: bound.missing } : {}),
    ...(typeof bound.unresolved === "string" ? { unresolved: bound.unresolved } : {}),
  };
}

/**
 * The `{vault}/{key}` a key document is, from its ARM id (a template's key has no `keyUri` yet),
 * else from its `keyUri`.
 */
export function keyIdentOf(key: ArmDocument): string | undefined {
  const match = /\/providers\/Microsoft\.KeyVault\/vaults\/([^/]+)\/keys\/([^/]+)\/?$/i.exec(key.id);
  if (match) return `${match[1]!.toLowerCase()}/${match[2]!.toLowerCase()}`;
  return parseKeyUri(valueAt(key, "properties.keyUri"))?.ident;
}

/** The vault id a key id belongs to (`…/vaults/{v}/keys/{k}` -> `…/vaults/{v}`). */
export function vaultIdOfKey(keyId: string): string {
  return keyId.replace(/\/keys\/[^/]+\/?$/i, "");
}

/**
 * Whether a binding control reads this document: it names a key. A document not read yet (only
 * its id and type, as an event gives it) is read first, so it counts.
 */
export function namesKey(doc: ArmDocument): boolean {
  return !isBag(doc.properties) || bindingKey(doc) !== undefined;
}
