import { CERTIFICATE_TYPE, certificateFacts, KEY_PROPERTIES } from "../certificates.ts";
import { isBag, isMissing, lower, propertiesOf, unreadable, valueAt, verdict } from "../evidence.ts";
import type { Classification, Control, EvalContext, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

/** NIST curves TLS clients accept for certificates; secp256k1 (P-256K) is not one of them. */
const CURVES = new Set(["p-256", "p-384", "p-521"]);

function minimumRsaBits(classification: Classification): number {
  return classification === "highly-confidential" ? 3072 : 2048;
}

function evaluateKey(doc: ArmDocument, ctx: EvalContext): Verdict {
  const rsaBits = minimumRsaBits(ctx.classification);
  const expected = `RSA of at least ${rsaBits} bits, or EC on P-256, P-384 or P-521`;
  if (!propertiesOf(doc)) return unreadable(KEY_PROPERTIES, expected);
  const key = valueAt(doc, KEY_PROPERTIES);
  if (!isBag(key)) return verdict("unknown", KEY_PROPERTIES, key ?? null, expected, "the policy's key properties were not read");
  const type = lower(key.keyType);
  if (type === undefined) return verdict("unknown", `${KEY_PROPERTIES}.keyType`, key.keyType ?? null, expected, "the key type is absent");
  const facts = certificateFacts(doc, { keyType: key.keyType, ...(key.keySize !== undefined ? { keySize: key.keySize } : {}), ...(key.curve !== undefined ? { curve: key.curve } : {}) });
  if (type === "rsa" || type === "rsa-hsm") {
    if (isMissing(key.keySize)) return verdict("unknown", `${KEY_PROPERTIES}.keySize`, facts, expected, "the RSA key size is absent");
    if (typeof key.keySize !== "number") return verdict("unknown", `${KEY_PROPERTIES}.keySize`, facts, expected, "the key size is not a number");
    if (key.keySize < rsaBits) return verdict("noncompliant", `${KEY_PROPERTIES}.keySize`, facts, expected, `RSA ${key.keySize} is below ${rsaBits} bits for ${ctx.classification} data`);
    return verdict("compliant", `${KEY_PROPERTIES}.keySize`, facts, expected);
  }
  if (type === "ec" || type === "ec-hsm") {
    const curve = lower(key.curve);
    if (curve === undefined) return verdict("unknown", `${KEY_PROPERTIES}.curve`, facts, expected, "the EC curve is absent");
    if (!CURVES.has(curve)) return verdict("noncompliant", `${KEY_PROPERTIES}.curve`, facts, expected, `${String(key.curve)} is not a curve TLS clients accept for certificates`);
    return verdict("compliant", `${KEY_PROPERTIES}.curve`, facts, expected);
  }
  return verdict("unknown", `${KEY_PROPERTIES}.keyType`, facts, expected, `key type ${String(key.keyType)} is not one a certificate uses`);
}

export const keyvaultCertificateKey: Control = {
  id: "keyvault.certificate-key",
  title: "Key Vault certificate has a strong key (RSA 2048+, 3072+ for highly-confidential, or EC P-256+)",
  severity: "high",
  stage: "key-management",
  resourceTypes: [CERTIFICATE_TYPE],
  minClassification: "public",
  defaultDecision: "ticket",
  evaluate: evaluateKey,
  // No fix: a new key means a new certificate from the issuer, and every client pinning the old key must move.
  refs: { waf: "SE:07", mcsb: "DP-7", policy: "cee51871-e572-4576-855c-047c820360f0" },
};
