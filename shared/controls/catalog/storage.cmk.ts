import { z } from "zod";
import { isBag, isMissing, isNonEmptyString, lower, propertiesOf, setTo, unreadable, valueAt, valueAtAnyCase, verdict } from "../evidence.ts";
import { defineControl, keyVersionParam, resourceIdParam, vaultObjectNameParam, vaultUriParam } from "../params.ts";
import type { FixProposal } from "../types.ts";
import type { ArmDocument, PropertyChange } from "../../core/index.ts";

const KEY_SOURCE = "properties.encryption.keySource";
const KEY_PROPERTIES = "properties.encryption.keyvaultproperties";
const EXPECTED = "keySource Microsoft.Keyvault with a key vault URI and key name";

/** ARM sends `keyvaultproperties.keyvaulturi`; some tools re-case it (`keyVaultProperties.keyVaultUri`). */
function keyReference(doc: ArmDocument): { uri: unknown; name: unknown } {
  const keyProperties = valueAtAnyCase(doc, KEY_PROPERTIES);
  return { uri: valueAtAnyCase(keyProperties, "keyvaulturi"), name: valueAtAnyCase(keyProperties, "keyname") };
}

function evaluateStorageCmk(doc: ArmDocument) {
  if (!propertiesOf(doc)) return unreadable(KEY_SOURCE, EXPECTED);
  const keySource = valueAt(doc, KEY_SOURCE);
  if (isMissing(keySource)) {
    return verdict("noncompliant", KEY_SOURCE, keySource, EXPECTED, "not set: the account then uses Microsoft-managed keys (Microsoft.Storage)");
  }
  const source = lower(keySource);
  if (source === undefined) return verdict("unknown", KEY_SOURCE, keySource, EXPECTED, "keySource is not a string");
  if (source !== "microsoft.keyvault") return verdict("noncompliant", KEY_SOURCE, keySource, EXPECTED);
  const key = keyReference(doc);
  if (!isNonEmptyString(key.uri) || !isNonEmptyString(key.name)) {
    return verdict("noncompliant", KEY_PROPERTIES, valueAtAnyCase(doc, KEY_PROPERTIES), EXPECTED, "keySource names Key Vault but no key vault URI and key name are set");
  }
  return verdict("compliant", KEY_SOURCE, keySource, EXPECTED);
}

/** The account identity with the user-assigned identity added, keeping a system-assigned one. */
function identityWith(doc: ArmDocument, identityId: string): Record<string, unknown> {
  const current = isBag(doc.identity) ? doc.identity : {};
  const kinds = new Set(
    String(current.type ?? "")
      .split(",")
      .map((kind) => kind.trim())
      .filter((kind) => kind !== "" && kind.toLowerCase() !== "none"),
  );
  kinds.add("UserAssigned");
  const assigned = isBag(current.userAssignedIdentities) ? current.userAssignedIdentities : {};
  return { type: [...kinds].join(","), userAssignedIdentities: { ...assigned, [identityId]: {} } };
}

const fixParams = z.strictObject({
  keyVaultUri: vaultUriParam().describe("The vault (or managed HSM) that holds the key, e.g. https://contoso-keys.vault.azure.net/."),
  keyName: vaultObjectNameParam("a key name").describe("The key that wraps the account's encryption keys."),
  userAssignedIdentityId: resourceIdParam("Microsoft.ManagedIdentity/userAssignedIdentities", "a user-assigned managed identity").describe(
    "The identity the account uses to unwrap the key; it needs Key Vault Crypto Service Encryption User on the key.",
  ),
  keyVersion: keyVersionParam().optional().describe("A fixed key version; without it the account follows the key's latest version, so rotation is automatic."),
});

function planStorageCmk(doc: ArmDocument, params: z.output<typeof fixParams>): FixProposal {
  const { keyVaultUri, keyName, userAssignedIdentityId: identityId, keyVersion } = params;
  const changes: PropertyChange[] = [
    setTo(doc, "identity", identityWith(doc, identityId)),
    setTo(doc, "properties.encryption.identity", { userAssignedIdentity: identityId }),
    setTo(doc, KEY_PROPERTIES, { keyvaulturi: keyVaultUri, keyname: keyName, ...(keyVersion ? { keyversion: keyVersion } : {}) }),
    setTo(doc, KEY_SOURCE, "Microsoft.Keyvault"),
  ];
  const version = keyVersion ? ` version ${keyVersion}` : " (latest version, rotated automatically)";
  return { changes, summary: `Encrypt with customer-managed key ${keyName}${version} from ${keyVaultUri}, unwrapped by identity ${identityId}` };
}

export const storageCmk = defineControl({
  id: "storage.cmk",
  title: "Storage account encrypts with a customer-managed key",
  severity: "medium",
  stage: "at-rest",
  resourceTypes: ["Microsoft.Storage/storageAccounts"],
  minClassification: "confidential",
  defaultDecision: "ticket",
  evaluate: evaluateStorageCmk,
  fix: { safety: "safe", params: fixParams, plan: planStorageCmk },
  refs: { waf: "SE:07", mcsb: "DP-5", policy: "6fac406b-40ca-413b-bf8e-0bf964659c25" },
});
