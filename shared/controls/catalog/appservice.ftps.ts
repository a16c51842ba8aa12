import { evaluateOneOf } from "../checks.ts";
import { setPropertyFix } from "../fixes.ts";
import { SITE_CONFIG_NOT_READ } from "../site-config.ts";
import type { Control } from "../types.ts";

const PATH = "properties.siteConfig.ftpsState";

export const appserviceFtps: Control = {
  id: "appservice.ftps",
  title: "App Service app refuses plain FTP (FTPS only or FTP disabled)",
  severity: "medium",
  stage: "in-transit",
  resourceTypes: ["Microsoft.Web/sites"],
  minClassification: "public",
  defaultDecision: "remediate",
  evaluate: (doc) => evaluateOneOf(doc, { path: PATH, allowed: ["FtpsOnly", "Disabled"], expected: "FtpsOnly or Disabled", whenAbsent: { unknown: SITE_CONFIG_NOT_READ } }),
  // FtpsOnly rather than Disabled: deployments that use FTP keep working once their client speaks TLS.
  fix: setPropertyFix("safe", PATH, "FtpsOnly", "Set siteConfig.ftpsState to FtpsOnly (config/web)"),
  refs: { waf: "SE:07", mcsb: "DP-3", policy: "4d24b6d4-5e53-4a4f-a7f4-618fa573ee4b", psrule: "Azure.AppService.WebSecureFtp" },
};
