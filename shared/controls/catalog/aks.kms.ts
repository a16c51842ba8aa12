import { asBoolean, isBag, isMissing, isNonEmptyString, propertiesOf, unreadable, valueAt, verdict } from "../evidence.ts";
import type { Control, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const KMS = "properties.securityProfile.azureKeyVaultKms";
const EXPECTED = "azureKeyVaultKms enabled with a Key Vault key id";

function evaluateKms(doc: ArmDocument): Verdict {
  if (!propertiesOf(doc)) return unreadable(KMS, EXPECTED);
  const kms = valueAt(doc, KMS);
  if (isMissing(kms)) return verdict("noncompliant", KMS, kms, EXPECTED, "not set: Kubernetes secrets in etcd are encrypted only with platform-managed keys");
  if (!isBag(kms)) return verdict("unknown", KMS, kms, EXPECTED, "azureKeyVaultKms is not an object");
  if (isMissing(kms.enabled)) return verdict("noncompliant", `${KMS}.enabled`, null, EXPECTED, "not set: KMS is off unless enabled");
  const enabled = asBoolean(kms.enabled);
  if (enabled === undefined) return verdict("unknown", `${KMS}.enabled`, kms.enabled, EXPECTED, "enabled is not a boolean");
  if (!enabled) return verdict("noncompliant", `${KMS}.enabled`, kms.enabled, EXPECTED);
  if (!isNonEmptyString(kms.keyId)) return verdict("noncompliant", `${KMS}.keyId`, kms.keyId ?? null, EXPECTED, "KMS is enabled without a key id");
  return verdict("compliant", `${KMS}.keyId`, kms.keyId, EXPECTED);
}

export const aksKms: Control = {
  id: "aks.kms",
  title: "AKS cluster encrypts Kubernetes secrets with a Key Vault key (KMS)",
  severity: "medium",
  stage: "at-rest",
  resourceTypes: ["Microsoft.ContainerService/managedClusters"],
  minClassification: "confidential",
  defaultDecision: "ticket",
  evaluate: evaluateKms,
  // No fix: the cluster's identity needs key permissions first, and every secret has to be rewritten after.
  refs: { waf: "SE:07", mcsb: "DP-5", policy: "dbbdc317-9734-4dd8-9074-993b29c69008" },
};
