import { isMissing, isNonEmptyString, propertiesOf, unreadable, valueAt, verdict } from "../evidence.ts";
import type { Control, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const PATH = "properties.keyVaultKeyUri";
const EXPECTED = "a Key Vault key URI";

function evaluateCosmosCmk(doc: ArmDocument): Verdict {
  if (!propertiesOf(doc)) return unreadable(PATH, EXPECTED);
  const keyUri = valueAt(doc, PATH);
  if (isNonEmptyString(keyUri)) return verdict("compliant", PATH, keyUri, EXPECTED);
  if (isMissing(keyUri) || typeof keyUri === "string") {
    return verdict("noncompliant", PATH, keyUri, EXPECTED, "no key URI: the account encrypts with service-managed keys");
  }
  return verdict("unknown", PATH, keyUri, EXPECTED, "keyVaultKeyUri is not a string");
}

export const cosmosCmk: Control = {
  id: "cosmos.cmk",
  title: "Cosmos DB account encrypts with a customer-managed key",
  severity: "medium",
  stage: "at-rest",
  resourceTypes: ["Microsoft.DocumentDB/databaseAccounts"],
  minClassification: "confidential",
  defaultDecision: "ticket",
  evaluate: evaluateCosmosCmk,
  // No fix: the account's identity needs key permissions and a defaultIdentity first, and re-encryption runs for hours.
  refs: { waf: "SE:07", mcsb: "DP-5", policy: "1f905d99-2ab7-462c-a6b0-f709acca6c8f" },
};
