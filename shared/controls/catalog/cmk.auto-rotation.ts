import { namesKey } from "../bindings.ts";
import { asBoolean, isBag, isMissing, isNonEmptyString, propertiesOf, setTo, unreadable, valueAt, valueAtAnyCase, verdict } from "../evidence.ts";
import type { Control, FixProposal, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const STORAGE = "microsoft.storage/storageaccounts";
const DES = "microsoft.compute/diskencryptionsets";
const STORAGE_KEY = "properties.encryption.keyvaultproperties";
const DES_FLAG = "properties.rotationToLatestKeyVersionEnabled";
const SQL_FLAG = "properties.autoRotationEnabled";

/** Where each type says whether it follows the key's latest version. */
function pathOf(doc: ArmDocument): string {
  const type = doc.type.toLowerCase();
  return type === STORAGE ? `${STORAGE_KEY}.keyversion` : type === DES ? DES_FLAG : SQL_FLAG;
}

const EXPECTED = "the binding follows the key's latest version (no pinned version)";

function evaluateFlag(doc: ArmDocument, path: string): Verdict {
  const value = valueAt(doc, path);
  const flag = isMissing(value) ? false : asBoolean(value);
  if (flag === undefined) return verdict("unknown", path, value, EXPECTED, "not a boolean");
  return flag ? verdict("compliant", path, value, EXPECTED) : verdict("noncompliant", path, value ?? null, EXPECTED, "off: a new key version is not picked up until someone moves the binding to it");
}

function evaluateAutoRotation(doc: ArmDocument): Verdict {
  const path = pathOf(doc);
  if (!propertiesOf(doc)) return unreadable(path, EXPECTED);
  if (doc.type.toLowerCase() !== STORAGE) return evaluateFlag(doc, path);
  const version = valueAtAnyCase(doc, path);
  if (isMissing(version) || version === "") return verdict("compliant", path, version ?? null, EXPECTED);
  if (!isNonEmptyString(version)) return verdict("unknown", path, version, EXPECTED, "keyversion is not a string");
  return verdict("noncompliant", path, version, EXPECTED, `pinned to key version ${version}`);
}

/** Unpins: storage drops its keyversion (keeping the key, vault and key source); the others turn their flag on. */
function planAutoRotation(doc: ArmDocument): FixProposal {
  if (doc.type.toLowerCase() !== STORAGE) {
    const path = pathOf(doc);
    return { changes: [setTo(doc, path, true)], summary: `Unpin the key version: follow the key's latest version automatically (${path.slice("properties.".length)} = true)` };
  }
  const current = valueAtAnyCase(doc, STORAGE_KEY);
  const properties = isBag(current) ? current : {};
  const versionKey = Object.keys(properties).find((k) => k.toLowerCase() === "keyversion") ?? "keyversion";
  return {
    changes: [setTo(doc, STORAGE_KEY, { ...properties, [versionKey]: "" })],
    summary: "Unpin the key version: the account follows the key's latest version, so rotation needs no change here",
  };
}

export const cmkAutoRotation: Control = {
  id: "cmk.auto-rotation",
  title: "Customer-managed key binding follows the key's latest version",
  severity: "medium",
  stage: "key-management",
  resourceTypes: ["Microsoft.Storage/storageAccounts", "Microsoft.Compute/diskEncryptionSets", "Microsoft.Sql/servers/encryptionProtector"],
  appliesTo: namesKey,
  minClassification: "public",
  defaultDecision: "remediate",
  evaluate: evaluateAutoRotation,
  // Safe: the same key keeps wrapping the data; only which version is used changes, and the service re-reads to confirm.
  fix: { safety: "safe", plan: planAutoRotation },
  refs: { waf: "SE:07", mcsb: "DP-6" },
};
