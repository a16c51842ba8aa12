import { isBag, isMissing, lower, propertiesOf, unreadable, valueAt, verdict } from "../evidence.ts";
import { setPropertyFix } from "../fixes.ts";
import { tlsVersionNumber } from "../tls.ts";
import type { Bag } from "../evidence.ts";
import type { Control, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const POLICY = "properties.sslPolicy";
const DEFAULT_POLICY = "properties.defaultPredefinedSslPolicy";
const EXPECTED = "predefined AppGwSslPolicy20220101 or 20220101S, or a custom policy with minProtocolVersion TLSv1_2+ and only AES-GCM cipher suites";
const MODERN_PREDEFINED = new Set(["appgwsslpolicy20220101", "appgwsslpolicy20220101s"]);
/** What a gateway without `defaultPredefinedSslPolicy` (created before api-version 2023-02-01) applies. */
const LEGACY_DEFAULT = "AppGwSslPolicy20150501";
const AES_GCM = /_AES_(128|256)_GCM_/i;

function judgePredefined(path: string, name: unknown, reason?: string): Verdict {
  const modern = MODERN_PREDEFINED.has(lower(name) ?? "");
  return verdict(modern ? "compliant" : "noncompliant", path, name, EXPECTED, reason);
}

function judgeCustom(policy: Bag): Verdict {
  const path = `${POLICY}.minProtocolVersion`;
  const minimum = tlsVersionNumber(policy.minProtocolVersion);
  if (minimum === undefined) return verdict("noncompliant", path, policy.minProtocolVersion ?? null, EXPECTED, "a custom policy without a readable minProtocolVersion allows the service minimum");
  if (minimum < 1.2) return verdict("noncompliant", path, policy.minProtocolVersion, EXPECTED);
  // TLS 1.3 only offers AES-GCM suites, whatever the list says.
  if (minimum >= 1.3) return verdict("compliant", path, policy.minProtocolVersion, EXPECTED);
  const suites = Array.isArray(policy.cipherSuites) ? policy.cipherSuites : [];
  const weak = suites.filter((suite) => typeof suite !== "string" || !AES_GCM.test(suite));
  if (suites.length === 0 || weak.length > 0) {
    return verdict("noncompliant", `${POLICY}.cipherSuites`, policy.cipherSuites ?? null, EXPECTED, suites.length === 0 ? "no cipher suites listed" : `not AES-GCM: ${weak.map(String).join(", ")}`);
  }
  return verdict("compliant", path, policy.minProtocolVersion, EXPECTED);
}

function evaluateTlsPolicy(doc: ArmDocument): Verdict {
  if (!propertiesOf(doc)) return unreadable(POLICY, EXPECTED);
  const policy = valueAt(doc, POLICY);
  if (!isMissing(policy) && !isBag(policy)) return verdict("unknown", POLICY, policy, EXPECTED, "sslPolicy is not an object");
  const bag = isBag(policy) ? policy : {};
  const type = lower(bag.policyType);
  if (type === "custom" || type === "customv2") return judgeCustom(bag);
  if (type === "predefined" || !isMissing(bag.policyName)) return judgePredefined(`${POLICY}.policyName`, bag.policyName);
  // No policy of its own: the gateway applies its read-only default, or the legacy one when it has none.
  const fallback = valueAt(doc, DEFAULT_POLICY);
  if (isMissing(fallback)) return judgePredefined(DEFAULT_POLICY, fallback, `no sslPolicy and no defaultPredefinedSslPolicy: the legacy ${LEGACY_DEFAULT} applies (TLS 1.0 and CBC ciphers)`);
  return judgePredefined(DEFAULT_POLICY, fallback, "no sslPolicy: the gateway's default predefined policy applies");
}

export const appgwTlsPolicy: Control = {
  id: "appgw.tls-policy",
  title: "Application Gateway listeners accept only TLS 1.2+ with AES-GCM ciphers",
  severity: "high",
  stage: "in-transit",
  resourceTypes: ["Microsoft.Network/applicationGateways"],
  minClassification: "public",
  defaultDecision: "ticket",
  evaluate: evaluateTlsPolicy,
  // Disruptive: clients of the listeners that only speak older TLS or CBC ciphers stop connecting.
  fix: setPropertyFix("disruptive", POLICY, { policyType: "Predefined", policyName: "AppGwSslPolicy20220101" }, "Apply the predefined TLS policy AppGwSslPolicy20220101 (TLS 1.2+, AES-GCM)"),
  refs: { waf: "SE:07", mcsb: "DP-3", psrule: "Azure.AppGw.SSLPolicy" },
};
