import { isBag, isMissing, lower, propertiesOf, unreadable, valueAt, verdict } from "../evidence.ts";
import { setPropertyFix } from "../fixes.ts";
import { SITE_CONFIG_NOT_READ } from "../site-config.ts";
import type { Control, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const PATH = "properties.siteConfig.minTlsCipherSuite";
/**
 * App Service orders its suites from strongest to weakest and the setting names the weakest one
 * it accepts. These are the minimums above which every suite is AES-GCM; any later one in the
 * order (the CBC suites, then the RSA key exchange ones) admits CBC.
 */
const GCM_ONLY_MINIMUMS = [
  "TLS_AES_256_GCM_SHA384",
  "TLS_AES_128_GCM_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
];
const EXPECTED = "an AES-GCM suite with ECDHE key exchange (or a TLS 1.3 suite) as the minimum";

/** The collector filled `siteConfig` from config/web when its other settings are there. */
function siteConfigWasRead(doc: ArmDocument): boolean {
  const config = valueAt(doc, "properties.siteConfig");
  return isBag(config) && !isMissing(config.minTlsVersion);
}

function evaluateCipherSuite(doc: ArmDocument): Verdict {
  if (!propertiesOf(doc)) return unreadable(PATH, EXPECTED);
  const suite = valueAt(doc, PATH);
  if (isMissing(suite)) {
    if (!siteConfigWasRead(doc)) return verdict("unknown", PATH, suite, EXPECTED, SITE_CONFIG_NOT_READ);
    return verdict("noncompliant", PATH, suite, EXPECTED, "not set: the app accepts App Service's default suites, which include CBC suites");
  }
  const name = lower(suite);
  if (name === undefined) return verdict("unknown", PATH, suite, EXPECTED, "minTlsCipherSuite is not a string");
  return verdict(GCM_ONLY_MINIMUMS.some((gcm) => gcm.toLowerCase() === name) ? "compliant" : "noncompliant", PATH, suite, EXPECTED);
}

export const appserviceCipherSuite: Control = {
  id: "appservice.cipher-suite",
  title: "App Service app accepts only AES-GCM cipher suites",
  severity: "medium",
  stage: "in-transit",
  resourceTypes: ["Microsoft.Web/sites"],
  minClassification: "public",
  defaultDecision: "remediate",
  evaluate: evaluateCipherSuite,
  // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 rather than a stronger one: the widest GCM-only set, which every TLS 1.2 client still offers.
  fix: setPropertyFix("safe", PATH, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "Set siteConfig.minTlsCipherSuite to TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (config/web)"),
  refs: { waf: "SE:07", mcsb: "DP-3" },
};
