import { idOf, tracked, type Common, type Place } from "./place.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

/** A Front Door Standard or Premium profile (the CDN provider). */
export function frontDoorProfile(place: Place, name: string, settings: Common & { tier?: "Standard" | "Premium" }): ArmDocument {
  return tracked(place, "Microsoft.Cdn/profiles", name, settings, {
    location: "Global",
    kind: "frontdoor",
    sku: { name: `${settings.tier ?? "Standard"}_AzureFrontDoor` },
    properties: { provisioningState: "Succeeded", resourceState: "Active", frontDoorId: `${name}-fdid`, originResponseTimeoutSeconds: 60 },
  });
}

/** A custom domain of a Front Door Standard/Premium profile, with its TLS settings. */
export function frontDoorCustomDomain(profile: ArmDocument, hostName: string, minimumTlsVersion: "TLS10" | "TLS12" | "TLS13"): ArmDocument {
  const name = hostName.replaceAll(".", "-");
  return {
    id: `${profile.id}/customDomains/${name}`,
    name,
    type: "Microsoft.Cdn/profiles/customDomains",
    properties: {
      hostName,
      tlsSettings: { certificateType: "ManagedCertificate", minimumTlsVersion, secret: null },
      validationProperties: { validationToken: "mh0nl1m0syywj6m6bt5s9hksxw1sk4h9", expirationDate: "2026-08-07T20:07:11.5302594+00:00" },
      domainValidationState: "Approved",
      provisioningState: "Succeeded",
      deploymentStatus: "Succeeded",
    },
  };
}

export interface ClassicEndpoint {
  hostName: string;
  /** The minimum TLS version of the endpoint's custom HTTPS; undefined: no custom HTTPS. */
  minimumTlsVersion?: "1.0" | "1.2";
}

/** A classic front door: its frontend endpoints, each with its custom HTTPS configuration, are part of its own document. */
export function classicFrontDoor(place: Place, name: string, settings: Common & { endpoints: readonly ClassicEndpoint[] }): ArmDocument {
  const door = idOf(place, "Microsoft.Network/frontDoors", name);
  const endpoint = (hostName: string, minimumTlsVersion?: string) => {
    const endpointName = hostName.endsWith(".azurefd.net") ? `${name}-azurefd-net` : hostName.replaceAll(".", "-");
    return {
      id: `${door}/frontendEndpoints/${endpointName}`,
      name: endpointName,
      type: "Microsoft.Network/frontDoors/frontendEndpoints",
      properties: {
        hostName,
        sessionAffinityEnabledState: "Disabled",
        sessionAffinityTtlSeconds: 0,
        resourceState: "Enabled",
        customHttpsProvisioningState: minimumTlsVersion ? "Enabled" : "Disabled",
        ...(minimumTlsVersion
          ? {
              customHttpsProvisioningSubstate: "CertificateDeployed",
              customHttpsConfiguration: {
                certificateSource: "FrontDoor",
                protocolType: "ServerNameIndication",
                minimumTlsVersion,
                frontDoorCertificateSourceParameters: { certificateType: "Dedicated" },
              },
            }
          : {}),
      },
    };
  };
  return tracked(place, "Microsoft.Network/frontDoors", name, settings, {
    location: "Global",
    properties: {
      provisioningState: "Succeeded",
      resourceState: "Enabled",
      enabledState: "Enabled",
      cname: `${name}.azurefd.net`,
      frontdoorId: `${name}-id`,
      friendlyName: name,
      frontendEndpoints: [endpoint(`${name}.azurefd.net`), ...settings.endpoints.map((e) => endpoint(e.hostName, e.minimumTlsVersion))],
    },
  });
}
