import { isBag, isMissing, isNonEmptyString, lower, propertiesOf, unreadable, valueAt, verdict } from "../evidence.ts";
import type { Control, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const RECOVERY_SERVICES = "microsoft.recoveryservices/vaults";
const EXPECTED = "a customer-managed key (Key Vault key URI)";
/** What every ticket of this control must tell whoever acts on it. */
export const ONLY_WITHOUT_PROTECTED_ITEMS =
  "a customer-managed key can only be set on a vault that has no protected items: a vault that already protects data needs a new vault with the key set before anything is protected, then the items moved to it";

function judgeKeyUri(path: string, keyUri: unknown, withoutKey: string): Verdict {
  if (isNonEmptyString(keyUri)) return verdict("compliant", path, keyUri, EXPECTED);
  if (isMissing(keyUri) || typeof keyUri === "string") return verdict("noncompliant", path, keyUri, EXPECTED, `${withoutKey}; ${ONLY_WITHOUT_PROTECTED_ITEMS}`);
  return verdict("unknown", path, keyUri, EXPECTED, "the key URI is not a string");
}

/** Recovery Services: `properties.encryption` appears only once a customer-managed key is set. */
function evaluateRecoveryServicesVault(doc: ArmDocument): Verdict {
  const path = "properties.encryption.keyVaultProperties.keyUri";
  const encryption = valueAt(doc, "properties.encryption");
  if (!isMissing(encryption) && !isBag(encryption)) return verdict("unknown", "properties.encryption", encryption, EXPECTED, "encryption is not an object");
  return judgeKeyUri(path, valueAt(doc, path), isMissing(encryption) ? "not set: the vault encrypts backups with platform-managed keys" : "no key URI in the vault's encryption settings");
}

/** Backup vaults: `securitySettings.encryptionSettings.state` says whether the key is used. */
function evaluateBackupVault(doc: ArmDocument): Verdict {
  const settingsPath = "properties.securitySettings";
  const securitySettings = valueAt(doc, settingsPath);
  if (!isBag(securitySettings)) {
    return verdict("unknown", settingsPath, securitySettings, EXPECTED, "no securitySettings: read the vault at api-version 2023-05-01 or later, which returns them");
  }
  const encryption = securitySettings.encryptionSettings;
  if (isMissing(encryption)) return judgeKeyUri(`${settingsPath}.encryptionSettings`, null, "not set: the vault encrypts backups with platform-managed keys");
  if (!isBag(encryption)) return verdict("unknown", `${settingsPath}.encryptionSettings`, encryption, EXPECTED, "encryptionSettings is not an object");
  const state = lower(encryption.state);
  if (state !== undefined && state !== "enabled") {
    return verdict("noncompliant", `${settingsPath}.encryptionSettings.state`, encryption.state, EXPECTED, `the customer-managed key is ${String(encryption.state)}; ${ONLY_WITHOUT_PROTECTED_ITEMS}`);
  }
  return judgeKeyUri(`${settingsPath}.encryptionSettings.keyVaultProperties.keyUri`, valueAt(encryption, "keyVaultProperties.keyUri"), "encryption settings without a key URI");
}

function evaluateBackupCmk(doc: ArmDocument): Verdict {
  if (!propertiesOf(doc)) return unreadable("properties.encryption", EXPECTED);
  return doc.type.toLowerCase() === RECOVERY_SERVICES ? evaluateRecoveryServicesVault(doc) : evaluateBackupVault(doc);
}

export const backupCmk: Control = {
  id: "backup.cmk",
  title: "Backup vault encrypts backups with a customer-managed key",
  severity: "medium",
  stage: "at-rest",
  resourceTypes: ["Microsoft.RecoveryServices/vaults", "Microsoft.DataProtection/backupVaults"],
  minClassification: "confidential",
  defaultDecision: "ticket",
  evaluate: evaluateBackupCmk,
  // No fix: the key can only be set while the vault protects nothing, and its identity needs key permissions first.
  refs: { waf: "SE:07", mcsb: "BR-2", policy: "2e94d99a-8a36-4563-bc77-810d8893b671" },
};
