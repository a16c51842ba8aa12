import { isMissing, valueAt, verdict } from "../evidence.ts";
import type { Control, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const PATH = "properties.kty";
const EXPECTED = "RSA-HSM or EC-HSM (a key backed by a hardware security module)";
const HSM = new Set(["RSA-HSM", "EC-HSM", "OCT-HSM"]);
const SOFTWARE = new Set(["RSA", "EC", "OCT"]);

function evaluateKeyHsm(doc: ArmDocument): Verdict {
  const kty = valueAt(doc, PATH);
  if (isMissing(kty) || typeof kty !== "string") return verdict("unknown", PATH, kty, EXPECTED, "the key type (kty) is not in the document");
  const type = kty.trim().toUpperCase();
  if (HSM.has(type)) return verdict("compliant", PATH, kty, EXPECTED);
  if (SOFTWARE.has(type)) return verdict("noncompliant", PATH, kty, EXPECTED, "a software-protected key");
  return verdict("unknown", PATH, kty, EXPECTED, "an unknown key type");
}

export const keyvaultKeyHsm: Control = {
  id: "keyvault.key-hsm",
  title: "Key protecting highly confidential data is HSM-backed",
  severity: "high",
  stage: "key-management",
  resourceTypes: ["Microsoft.KeyVault/vaults/keys"],
  // A key takes the highest classification of the resources that use it, so this reaches keys of untagged vaults too.
  minClassification: "highly-confidential",
  defaultDecision: "ticket",
  evaluate: evaluateKeyHsm,
  // No fix: a key's type cannot change; a person creates an HSM-backed key and moves the bindings to it.
  refs: { waf: "SE:07", mcsb: "DP-5", policy: "587c79fe-dd04-4a5e-9d0b-f89598c7261b" },
};
