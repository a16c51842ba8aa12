import { isBag, isMissing, isNonEmptyString, lower, propertiesOf, setTo, unreadable, valueAt, valueAtAnyCase, verdict } from "../evidence.ts";
import { stringParam } from "../fixes.ts";
import type { Control, FixParameters, FixProposal } from "../types.ts";
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

function planStorageCmk(doc: ArmDocument, params: FixParameters): FixProposal | undefined {
  const keyVaultUri = stringParam(params, "keyVaultUri");
  const keyName = stringParam(params, "keyName");
  const identityId = stringParam(params, "userAssignedIdentityId");
  if (!keyVaultUri || !keyName || !identityId) return undefined;
  const keyVersion = stringParam(params, "keyVersion");
  const changes: PropertyChange[] = [
    setTo(doc, "identity", identityWith(doc, identityId)),
    setTo(doc, "properties.encryption.identity", { userAssignedIdentity: identityId }),
    setTo(doc, KEY_PROPERTIES, { keyvaulturi: keyVaultUri, keyname: keyName, ...(keyVersion ? { keyversion: keyVersion } : {}) }),
    setTo(doc, KEY_SOURCE, "Microsoft.Keyvault"),
  ];
  const version = keyVersion ? ` version ${keyVersion}` : " (latest version, rotated automatically)";
  return { changes, summary: `Encrypt with customer-managed key ${keyName}${version} from ${keyVaultUri}, unwrapped by identity ${identityId}` };
}

export const storageCmk: Control = {
  id: "storage.cmk",
  title: "Storage account encrypts with a customer-managed key",
  severity: "medium",
  stage: "at-rest",
  resourceTypes: ["Microsoft.Storage/storageAccounts"],
  minClassification: "confidential",
  defaultDecision: "ticket",
  evaluate: evaluateStorageCmk,
  fix: { safety: "safe", plan: planStorageCmk },
  refs: { waf: "SE:07", mcsb: "DP-5", policy: "6fac406b-40ca-413b-bf8e-0bf964659c25" },
};
