import { idOf, tracked, type Common, type Place } from "./place.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

export interface SiteSettings extends Common {
  kind?: "app" | "functionapp" | "app,linux";
  httpsOnly: boolean;
  minTlsVersion: "1.0" | "1.1" | "1.2" | "1.3";
  ftpsState: "AllAllowed" | "FtpsOnly" | "Disabled";
  /** The weakest cipher suite the app accepts (config/web); undefined: not set, App Service's default suites. */
  minTlsCipherSuite?: string;
  /** Client certificates: undefined leaves them off. */
  clientCert?: "Required" | "Optional" | "OptionalInteractiveUser";
}

/** A web or function app and its `config/web` (where Azure keeps the real site settings). */
export function site(place: Place, name: string, settings: SiteSettings): ArmDocument[] {
  const app = tracked(place, "Microsoft.Web/sites", name, settings, {
    kind: settings.kind ?? "app",
    properties: {
      state: "Running",
      enabled: true,
      hostNames: [`${name}.azurewebsites.net`],
      defaultHostName: `${name}.azurewebsites.net`,
      serverFarmId: idOf(place, "Microsoft.Web/serverfarms", "asp-guard"),
      reserved: settings.kind === "app,linux",
      clientCertEnabled: settings.clientCert !== undefined,
      clientCertMode: settings.clientCert ?? "Required",
      httpsOnly: settings.httpsOnly,
      publicNetworkAccess: "Enabled",
    },
  });
  const config: ArmDocument = {
    id: `${app.id}/config/web`,
    name: "web",
    type: "Microsoft.Web/sites/config",
    location: place.location,
    properties: {
      numberOfWorkers: 1,
      netFrameworkVersion: "v4.0",
      alwaysOn: false,
      http20Enabled: false,
      minTlsVersion: settings.minTlsVersion,
      scmMinTlsVersion: settings.minTlsVersion,
      ftpsState: settings.ftpsState,
      ...(settings.minTlsCipherSuite ? { minTlsCipherSuite: settings.minTlsCipherSuite } : {}),
      remoteDebuggingEnabled: false,
      httpLoggingEnabled: false,
    },
  };
  return [app, config];
}
