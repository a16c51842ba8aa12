import { idOf, tracked, type Common, type Place } from "./place.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

export type SslPolicy = { policyType: "Predefined"; policyName: string } | { policyType: "Custom" | "CustomV2"; minProtocolVersion: string; cipherSuites: string[] };

export interface AppGatewaySettings extends Common {
  /** undefined leaves `sslPolicy` absent: the read-only default policy decides. */
  sslPolicy?: SslPolicy;
  defaultPredefinedSslPolicy?: string;
}

export function applicationGateway(place: Place, name: string, settings: AppGatewaySettings): ArmDocument {
  const id = idOf(place, "Microsoft.Network/applicationGateways", name);
  return tracked(place, "Microsoft.Network/applicationGateways", name, settings, {
    properties: {
      provisioningState: "Succeeded",
      operationalState: "Running",
      sku: { name: "WAF_v2", tier: "WAF_v2", capacity: 2 },
      gatewayIPConfigurations: [
        {
          id: `${id}/gatewayIPConfigurations/appGatewayIpConfig`,
          name: "appGatewayIpConfig",
          properties: { subnet: { id: idOf(place, "Microsoft.Network/virtualNetworks", "vnet-guard") + "/subnets/appgw" } },
        },
      ],
      httpListeners: [{ id: `${id}/httpListeners/https-listener`, name: "https-listener", properties: { protocol: "Https", requireServerNameIndication: false } }],
      ...(settings.sslPolicy ? { sslPolicy: settings.sslPolicy } : {}),
      ...(settings.defaultPredefinedSslPolicy ? { defaultPredefinedSslPolicy: settings.defaultPredefinedSslPolicy } : {}),
    },
  });
}
