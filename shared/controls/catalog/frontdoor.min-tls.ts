import { evaluateMinimumTls } from "../checks.ts";
import { isBag, isMissing, propertiesOf, unreadable, valueAt, verdict } from "../evidence.ts";
import { tlsVersionNumber } from "../tls.ts";
import type { Control, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const CLASSIC = "microsoft.network/frontdoors";
const ENDPOINTS = "properties.frontendEndpoints";
const EXPECTED = "TLS 1.2 or newer";

/** Front Door Standard/Premium: one custom domain per document, `tlsSettings.minimumTlsVersion` (`TLS10`, `TLS12`, `TLS13`). */
function evaluateCustomDomain(doc: ArmDocument): Verdict {
  return evaluateMinimumTls(doc, {
    path: "properties.tlsSettings.minimumTlsVersion",
    expected: "TLS12 or TLS13",
    whenAbsent: { unknown: "no tlsSettings.minimumTlsVersion: the custom domain's TLS settings are not in the document" },
  });
}

interface EndpointTls {
  name: string;
  version: number | undefined;
}

/**
 * Classic Front Door: every frontend endpoint that serves HTTPS on a custom domain has a
 * `customHttpsConfiguration` with its `minimumTlsVersion` ("1.0" or "1.2"). The default
 * `*.azurefd.net` endpoint and custom domains without HTTPS have none, and are not judged here.
 */
function evaluateClassic(doc: ArmDocument): Verdict {
  if (!propertiesOf(doc)) return unreadable(ENDPOINTS, EXPECTED);
  const endpoints = valueAt(doc, ENDPOINTS);
  if (!Array.isArray(endpoints)) return verdict("unknown", ENDPOINTS, endpoints ?? null, EXPECTED, "no frontendEndpoints: the front door's endpoints are not in the document");
  const judged: EndpointTls[] = [];
  for (const [index, endpoint] of endpoints.entries()) {
    const configuration = isBag(endpoint) ? valueAt(endpoint, "properties.customHttpsConfiguration") : undefined;
    if (isMissing(configuration)) continue;
    const name = isBag(endpoint) && typeof endpoint.name === "string" ? endpoint.name : `#${index}`;
    judged.push({ name, version: isBag(configuration) ? tlsVersionNumber(configuration.minimumTlsVersion) : undefined });
  }
  const names = (list: EndpointTls[]) => list.map((e) => e.name);
  if (judged.length === 0) return verdict("not-applicable", ENDPOINTS, [], EXPECTED, "no frontend endpoint serves HTTPS on a custom domain");
  const weak = judged.filter((e) => e.version !== undefined && e.version < 1.2);
  if (weak.length > 0) return verdict("noncompliant", ENDPOINTS, names(weak), EXPECTED, `custom HTTPS accepts TLS 1.0 on: ${names(weak).join(", ")}`);
  const unreadableTls = judged.filter((e) => e.version === undefined);
  if (unreadableTls.length > 0)
    return verdict("unknown", ENDPOINTS, names(unreadableTls), EXPECTED, `customHttpsConfiguration without a readable minimumTlsVersion: ${names(unreadableTls).join(", ")}`);
  return verdict("compliant", ENDPOINTS, names(judged), EXPECTED);
}

export const frontdoorMinTls: Control = {
  id: "frontdoor.min-tls",
  title: "Front Door custom domains require TLS 1.2 or newer",
  severity: "high",
  stage: "in-transit",
  resourceTypes: ["Microsoft.Cdn/profiles/customDomains", "Microsoft.Network/frontDoors"],
  minClassification: "public",
  defaultDecision: "ticket",
  evaluate: (doc) => (doc.type.toLowerCase() === CLASSIC ? evaluateClassic(doc) : evaluateCustomDomain(doc)),
  // No fix: a Standard/Premium domain's PATCH must carry its certificate settings too, and a classic endpoint changes only through its enableHttps action.
  refs: { waf: "SE:07", mcsb: "DP-3", psrule: "Azure.FrontDoor.MinTLS" },
};
