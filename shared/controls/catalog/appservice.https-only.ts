import { evaluateFlag } from "../checks.ts";
import { setPropertyFix } from "../fixes.ts";
import type { Control } from "../types.ts";

const PATH = "properties.httpsOnly";

export const appserviceHttpsOnly: Control = {
  id: "appservice.https-only",
  title: "App Service app redirects all HTTP traffic to HTTPS",
  severity: "high",
  stage: "in-transit",
  resourceTypes: ["Microsoft.Web/sites"],
  minClassification: "public",
  defaultDecision: "remediate",
  evaluate: (doc) =>
    evaluateFlag(doc, {
      path: PATH,
      want: true,
      expected: "true",
      whenAbsent: { assume: false, because: "the Web API treats an unset httpsOnly as false: plain HTTP is served" },
    }),
  fix: setPropertyFix("safe", PATH, true, "Set httpsOnly to true (HTTP requests are redirected to HTTPS)"),
  refs: { waf: "SE:07", mcsb: "DP-3", policy: "a4af4a39-4135-47fb-b175-47fbdf85311d", psrule: "Azure.AppService.UseHTTPS" },
};
