import { evaluateMinimumTls } from "../checks.ts";
import { setPropertyFix } from "../fixes.ts";
import { SITE_CONFIG_NOT_READ } from "../site-config.ts";
import type { Control } from "../types.ts";

const PATH = "properties.siteConfig.minTlsVersion";

export const appserviceMinTls: Control = {
  id: "appservice.min-tls",
  title: "App Service app requires TLS 1.2 or newer",
  severity: "high",
  stage: "in-transit",
  resourceTypes: ["Microsoft.Web/sites"],
  minClassification: "public",
  defaultDecision: "remediate",
  evaluate: (doc) => evaluateMinimumTls(doc, { path: PATH, expected: "1.2 or 1.3", whenAbsent: { unknown: SITE_CONFIG_NOT_READ } }),
  fix: setPropertyFix("safe", PATH, "1.2", "Set siteConfig.minTlsVersion to 1.2 (config/web)"),
  refs: { waf: "SE:07", mcsb: "DP-3", policy: "f0e6e85b-9b9f-4a4b-b67b-f730d42f1b0b", psrule: "Azure.AppService.MinTLS" },
};
