import { defined, tracked, type Common, type Place } from "./place.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

export interface NamespaceSettings extends Common {
  minimumTlsVersion?: "1.0" | "1.1" | "1.2";
}

export function eventHubNamespace(place: Place, name: string, settings: NamespaceSettings): ArmDocument {
  return tracked(place, "Microsoft.EventHub/namespaces", name, settings, {
    sku: { name: "Standard", tier: "Standard", capacity: 1 },
    properties: {
      provisioningState: "Succeeded",
      status: "Active",
      serviceBusEndpoint: `https://${name}.servicebus.windows.net:443/`,
      publicNetworkAccess: "Enabled",
      disableLocalAuth: false,
      ...defined({ minimumTlsVersion: settings.minimumTlsVersion }),
    },
  });
}

export function serviceBusNamespace(place: Place, name: string, settings: NamespaceSettings): ArmDocument {
  return tracked(place, "Microsoft.ServiceBus/namespaces", name, settings, {
    sku: { name: "Standard", tier: "Standard" },
    properties: {
      provisioningState: "Succeeded",
      status: "Active",
      serviceBusEndpoint: `https://${name}.servicebus.windows.net:443/`,
      publicNetworkAccess: "Enabled",
      disableLocalAuth: false,
      ...defined({ minimumTlsVersion: settings.minimumTlsVersion }),
    },
  });
}

export interface EventGridSettings extends Common {
  minimumTlsVersionAllowed?: "1.0" | "1.1" | "1.2";
}

export function eventGridTopic(place: Place, name: string, settings: EventGridSettings, kind: "topics" | "domains" = "topics"): ArmDocument {
  return tracked(place, `Microsoft.EventGrid/${kind}`, name, settings, {
    properties: {
      provisioningState: "Succeeded",
      endpoint: `https://${name}.${place.location}-1.eventgrid.azure.net/api/events`,
      inputSchema: "EventGridSchema",
      publicNetworkAccess: "Enabled",
      disableLocalAuth: false,
      ...defined({ minimumTlsVersionAllowed: settings.minimumTlsVersionAllowed }),
    },
  });
}
