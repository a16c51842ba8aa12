import type { KeyVaultCertificateWithPolicy, CertificateProperties, CertificatePolicy } from "@azure/keyvault-certificates";
import { listDocuments, readDocument, vaultUrlOf, type SubscriptionClients } from "../../azure/index.ts";
import { isBag, parseResourceId, type ArmDocument, type ResourceId } from "../../core/index.ts";
import type { CollectedDocument, ResourceModule } from "../types.ts";

/**
 * Key Vault certificates, read from each vault's data plane with `@azure/keyvault-certificates`
 * (challenge authentication, the vault's own throttling, paced per vault apart from ARM). They
 * are not ARM resources: ARM has no certificate type and raises no write events for them; Key
 * Vault's own Event Grid events (CertificateNearExpiry, CertificateExpired,
 * CertificateNewVersionCreated) name them, mapped to `<vault id>/certificates/<name>`.
 *
 * The document the controls judge (docs/operations.md, "Certificate lifecycle"):
 *
 *   id          <vault resource id>/certificates/<name>
 *   type        Microsoft.KeyVault/vaults/certificates
 *   tags        the certificate's own tags; classified by the vault's tags when it has no label
 *   properties  vault {id, name, uri}, version, x509ThumbprintHex,
 *               attributes {enabled, notBefore, expires, created, updated, recoveryLevel} (ISO times),
 *               policy {issuerParameters {name, certificateTransparency, certificateType},
 *                       keyProperties {keyType, keySize, curve, exportable, reuseKey},
 *                       lifetimeActions [{action {actionType}, trigger {daysBeforeExpiry | lifetimePercentage}}],
 *                       x509CertificateProperties {subject, subjectAlternativeNames, validityInMonths, ekus, keyUsage},
 *                       secretProperties {contentType}}
 *
 * That is the shape `az keyvault certificate show` prints (camelCase), so an exported certificate
 * maps onto it field for field (`fromAzCertificate`). Nothing here reads a secret value or a
 * private key: only certificate metadata and policy (the data action certificates/read).
 */

export const CERTIFICATE_TYPE = "Microsoft.KeyVault/vaults/certificates";

/** The data plane's api-version the pinned SDK sends. */
const DATA_PLANE_API_VERSION = "2025-07-01";

/** The RBAC data action that lists certificates and reads one with its policy (no secret, no private key). */
export const CERTIFICATE_READ_DATA_ACTION = "Microsoft.KeyVault/vaults/certificates/read";

const CERTIFICATE_NAME = /^[0-9a-zA-Z-]{1,127}$/;

/** Certificates one vault's listing reads at most (a vault holds far fewer; a listing that never ends stops here). */
const MAX_CERTIFICATES_PER_VAULT = 25_000;

interface VaultRef {
  id: string;
  name: string;
  uri: string;
  tags: Record<string, string> | null;
}

/** What a listed document's vault was, so collecting it needs no second ARM read (kept off the document). */
const vaultOfListed = new WeakMap<ArmDocument, VaultRef>();

const iso = (value: Date | undefined) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : undefined);

function definedOnly<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function hex(bytes: Uint8Array | undefined): string | undefined {
  return bytes && bytes.length > 0 ? Buffer.from(bytes).toString("hex").toUpperCase() : undefined;
}

/** The SDK's flattened policy, in the nested camelCase shape `az` prints. */
function policyDocument(policy: CertificatePolicy): Record<string, unknown> {
  return {
    issuerParameters: definedOnly({ name: policy.issuerName, certificateTransparency: policy.certificateTransparency, certificateType: policy.certificateType }),
    keyProperties: definedOnly({ keyType: policy.keyType, keySize: policy.keySize, curve: policy.keyCurveName, exportable: policy.exportable, reuseKey: policy.reuseKey }),
    ...(policy.lifetimeActions
      ? {
          lifetimeActions: policy.lifetimeActions.map((a) => ({
            action: definedOnly({ actionType: a.action }),
            trigger: definedOnly({ daysBeforeExpiry: a.daysBeforeExpiry, lifetimePercentage: a.lifetimePercentage }),
          })),
        }
      : {}),
    x509CertificateProperties: definedOnly({
      subject: policy.subject,
      subjectAlternativeNames: policy.subjectAlternativeNames,
      validityInMonths: policy.validityInMonths,
      ekus: policy.enhancedKeyUsage,
      keyUsage: policy.keyUsage,
    }),
    secretProperties: definedOnly({ contentType: policy.contentType }),
  };
}

function attributesDocument(properties: CertificateProperties): Record<string, unknown> {
  return definedOnly({
    enabled: properties.enabled,
    notBefore: iso(properties.notBefore),
    expires: iso(properties.expiresOn),
    created: iso(properties.createdOn),
    updated: iso(properties.updatedOn),
    recoveryLevel: properties.recoveryLevel,
  });
}

/** The judged document of one certificate, from the SDK's model (with its policy when read one by one). */
export function certificateDocument(vault: Omit<VaultRef, "tags">, name: string, properties: CertificateProperties, policy?: CertificatePolicy): ArmDocument {
  const tags = properties.tags && Object.keys(properties.tags).length > 0 ? properties.tags : undefined;
  return {
    id: `${vault.id}/certificates/${name}`,
    name,
    type: CERTIFICATE_TYPE,
    ...(tags ? { tags } : {}),
    properties: {
      vault: { id: vault.id, name: vault.name, uri: vault.uri },
      ...(properties.version ? { version: properties.version } : {}),
      attributes: attributesDocument(properties),
      ...(hex(properties.x509Thumbprint) ? { x509ThumbprintHex: hex(properties.x509Thumbprint) } : {}),
      ...(policy ? { policy: policyDocument(policy) } : {}),
    },
  };
}

const AZ_CERTIFICATE_ID = /^https:\/\/([a-z0-9-]{3,24})\.(vault\.[a-z0-9.-]+?)(?::\d+)?\/certificates\/([0-9a-z-]{1,127})(?:\/([0-9a-f]{32}))?\/?$/i;

/** The subscription and resource group an exported certificate's document is filed under: `az` does not print its vault's. */
export const EXPORTED_VAULT_PLACE = { subscriptionId: "00000000-0000-0000-0000-000000000000", resourceGroup: "unknown" } as const;

function pick(source: unknown, keys: readonly string[]): Record<string, unknown> | undefined {
  if (!isBag(source)) return undefined;
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined && source[k] !== null).map((k) => [k, source[k]]));
}

/**
 * `az keyvault certificate show` (and each item of `az keyvault certificate list --include-pending
 * false` piped through `show`) prints the certificate with `id` = its data-plane URL and no ARM
 * `type`. It becomes the judged document: the same camelCase fields, known ones only, filed under
 * `/subscriptions/0…0/resourceGroups/unknown/…/vaults/<vault>/certificates/<name>` since `az` does
 * not print the vault's resource group. Anything else: undefined (not an exported certificate).
 */
export function fromAzCertificate(exported: unknown): ArmDocument | undefined {
  if (!isBag(exported) || exported.type !== undefined || typeof exported.id !== "string") return undefined;
  const match = AZ_CERTIFICATE_ID.exec(exported.id);
  if (!match || !(isBag(exported.attributes) || isBag(exported.policy))) return undefined;
  const [, vaultName, suffix, name, version] = match;
  const vaultId = `/subscriptions/${EXPORTED_VAULT_PLACE.subscriptionId}/resourceGroups/${EXPORTED_VAULT_PLACE.resourceGroup}/providers/Microsoft.KeyVault/vaults/${vaultName!.toLowerCase()}`;
  const policy = isBag(exported.policy) ? exported.policy : undefined;
  const lifetimeActions = Array.isArray(policy?.lifetimeActions)
    ? policy.lifetimeActions.slice(0, 10).map((a: unknown) => ({
        action: pick(isBag(a) ? a.action : undefined, ["actionType"]) ?? {},
        trigger: pick(isBag(a) ? a.trigger : undefined, ["daysBeforeExpiry", "lifetimePercentage"]) ?? {},
      }))
    : undefined;
  const tags = isBag(exported.tags) && Object.keys(exported.tags).length > 0 ? (exported.tags as Record<string, string>) : undefined;
  const thumbprint = typeof exported.x509ThumbprintHex === "string" ? exported.x509ThumbprintHex : undefined;
  return {
    id: `${vaultId}/certificates/${name}`,
    name: name!,
    type: CERTIFICATE_TYPE,
    ...(tags ? { tags } : {}),
    properties: {
      vault: { id: vaultId, name: vaultName!.toLowerCase(), uri: `https://${vaultName!.toLowerCase()}.${suffix!.toLowerCase()}/` },
      ...(version ? { version } : {}),
      ...(isBag(exported.attributes) ? { attributes: pick(exported.attributes, ["enabled", "notBefore", "expires", "created", "updated", "recoveryLevel"]) } : {}),
      ...(thumbprint ? { x509ThumbprintHex: thumbprint } : {}),
      ...(policy
        ? {
            policy: {
              ...(isBag(policy.issuerParameters) ? { issuerParameters: pick(policy.issuerParameters, ["name", "certificateTransparency", "certificateType"]) } : {}),
              ...(isBag(policy.keyProperties) ? { keyProperties: pick(policy.keyProperties, ["keyType", "keySize", "curve", "exportable", "reuseKey"]) } : {}),
              ...(lifetimeActions ? { lifetimeActions } : {}),
              ...(isBag(policy.x509CertificateProperties)
                ? { x509CertificateProperties: pick(policy.x509CertificateProperties, ["subject", "subjectAlternativeNames", "validityInMonths", "ekus", "keyUsage"]) }
                : {}),
              ...(isBag(policy.secretProperties) ? { secretProperties: pick(policy.secretProperties, ["contentType"]) } : {}),
            },
          }
        : {}),
    },
  };
}

/** The vault a certificate id is under: `<vault id>/certificates/<name>`. */
function vaultIdOf(id: ResourceId): string {
  return id.id.replace(/\/certificates\/[^/]+\/?$/i, "");
}

function vaultRef(vault: ArmDocument, dnsSuffix: string): VaultRef {
  const url = vaultUrlOf(vault.properties?.vaultUri, dnsSuffix);
  if (!url.ok) throw new Error(`${vault.id}: ${url.reason}; its certificates were not read`);
  return { id: parseResourceId(vault.id).id, name: vault.name ?? url.vaultName, uri: url.url, tags: vault.tags ?? null };
}

async function readVault(clients: SubscriptionClients, vaultId: string): Promise<VaultRef> {
  const id = parseResourceId(vaultId);
  return vaultRef(await readDocument(() => clients.keyVault.vaults.get(id.resourceGroup, id.name)), clients.vaultData.dnsSuffix);
}

/** One vault's certificates, as listed (attributes, no policy: collecting reads each with its policy). */
async function* vaultCertificates(clients: SubscriptionClients, vault: VaultRef): AsyncIterable<ArmDocument> {
  let seen = 0;
  for await (const properties of clients.vaultData.certificates(vault.uri).listPropertiesOfCertificates()) {
    if (++seen > MAX_CERTIFICATES_PER_VAULT) throw new Error(`${vault.id}: more than ${MAX_CERTIFICATES_PER_VAULT} certificates; the rest were not read`);
    if (!properties.name) continue;
    const doc = certificateDocument(vault, properties.name, properties);
    vaultOfListed.set(doc, vault);
    yield doc;
  }
}

export const keyVaultCertificates: ResourceModule = {
  type: CERTIFICATE_TYPE,
  apiVersion: DATA_PLANE_API_VERSION,
  client: "@azure/keyvault-certificates: the vault's data plane (ARM has no certificate type); vaults are listed with @azure/arm-keyvault",
  names: ["vault", "certificate"],
  childTypes: [],
  plane: "data",
  readActions: ["Microsoft.KeyVault/vaults/read"],
  readDataActions: [CERTIFICATE_READ_DATA_ACTION],
  async *list(clients) {
    // A vault that cannot be read (its firewall, no access, a refused URI) does not hide the others' certificates; the failures are raised at the end.
    const failed: string[] = [];
    for await (const vaultDoc of listDocuments(() => clients.keyVault.vaults.listBySubscription(), `key vaults in subscription ${clients.subscriptionId}`)) {
      try {
        yield* vaultCertificates(clients, vaultRef(vaultDoc, clients.vaultData.dnsSuffix));
      } catch (error) {
        failed.push(`${vaultDoc.name ?? vaultDoc.id}: ${(error as Error).message}`);
      }
    }
    if (failed.length > 0) throw new Error(`certificates of ${failed.length} vault(s) could not be read: ${failed.slice(0, 5).join("; ")}`);
  },
  async collect(clients, id, listed): Promise<CollectedDocument[]> {
    // Key Vault's object names: an id from an event that names anything else is not sent anywhere.
    if (!CERTIFICATE_NAME.test(id.name)) throw new Error(`${id.id}: not a Key Vault certificate name (1-127 letters, digits and dashes)`);
    const vault = (listed && vaultOfListed.get(listed)) ?? (await readVault(clients, vaultIdOf(id)));
    const certificate: KeyVaultCertificateWithPolicy = await clients.vaultData.certificates(vault.uri).getCertificate(id.name);
    const doc = certificateDocument(vault, certificate.name || id.name, certificate.properties, certificate.policy);
    return [{ doc, inheritedTags: vault.tags }];
  },
  writers: [],
};
