import { tracked, type Common, type Place } from "./place.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

const SECURITY = "Microsoft.WindowsAzure.ApiManagement.Gateway.Security";

export interface ApimSettings extends Common {
  /** Weak protocol and cipher switches left on ("True"); every other one is "False". */
  on?: readonly ("Tls10" | "Tls11" | "Ssl30" | "Backend.Tls10" | "Backend.Tls11" | "Backend.Ssl30" | "TripleDes168")[];
  /** Leave `customProperties` out, as some exports do. */
  withoutCustomProperties?: boolean;
  createdAtUtc?: string;
}

function switchKey(name: string): string {
  if (name === "TripleDes168") return `${SECURITY}.Ciphers.TripleDes168`;
  return name.startsWith("Backend.") ? `${SECURITY}.Backend.Protocols.${name.slice("Backend.".length)}` : `${SECURITY}.Protocols.${name}`;
}

/** An API Management service; `customProperties` hold every switch as the strings "True"/"False", as a GET returns them. */
export function apiManagementService(place: Place, name: string, settings: ApimSettings): ArmDocument {
  const on = new Set(settings.on ?? []);
  const names = ["Tls10", "Tls11", "Ssl30", "Backend.Tls10", "Backend.Tls11", "Backend.Ssl30", "TripleDes168"] as const;
  const customProperties = {
    ...Object.fromEntries(names.map((n) => [switchKey(n), on.has(n) ? "True" : "False"])),
    "Microsoft.WindowsAzure.ApiManagement.Gateway.Protocols.Server.Http2": "False",
  };
  return tracked(place, "Microsoft.ApiManagement/service", name, settings, {
    sku: { name: "Developer", capacity: 1 },
    etag: "AAAAAAAWN/4=",
    properties: {
      publisherEmail: "platform@contoso.com",
      publisherName: "Contoso",
      notificationSenderEmail: "apimgmt-noreply@mail.windowsazure.com",
      provisioningState: "Succeeded",
      targetProvisioningState: "",
      createdAtUtc: settings.createdAtUtc ?? "2024-03-11T09:14:22.5811912Z",
      gatewayUrl: `https://${name}.azure-api.net`,
      portalUrl: `https://${name}.portal.azure-api.net`,
      managementApiUrl: `https://${name}.management.azure-api.net`,
      platformVersion: "stv2",
      virtualNetworkType: "None",
      publicNetworkAccess: "Enabled",
      ...(settings.withoutCustomProperties ? {} : { customProperties }),
    },
  });
}
