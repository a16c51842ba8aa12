import type { ResourceTypeSpec } from "./spec.ts";
import type { ArmDocument } from "../../shared/core/index.ts";

/**
 * arm-cdn 9 (classic): Front Door Standard/Premium profiles and their custom domains. A custom
 * domain's update is an LRO, and its `tlsSettings` carries `certificateType` beside
 * `minimumTlsVersion` (`TLS10`, `TLS12`). The service spells the type in lower case,
 * `Microsoft.Cdn/profiles/customdomains`.
 */
export const cdnSpecs: ResourceTypeSpec[] = [
  { type: "Microsoft.Cdn/profiles", put: { lro: true }, patch: { lro: true } },
  {
    type: "Microsoft.Cdn/profiles/customDomains",
    put: { lro: true },
    patch: { lro: true },
    present: (doc: ArmDocument) => ({ ...doc, type: "Microsoft.Cdn/profiles/customdomains" }),
  },
];
