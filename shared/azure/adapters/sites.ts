import { changesUnder, listDocuments, readDocument, toSdkParameters } from "./wire.ts";
import type { ResourceAdapter } from "./types.ts";
import type { ArmDocument } from "../../core/index.ts";

const SITE_CONFIG = "properties.siteConfig";

/**
 * A site GET returns `siteConfig` with nulls where the values live in `config/web`; the
 * document the controls judge carries the real values, with the config's non-null ones winning.
 */
function withSiteConfig(site: ArmDocument, config: ArmDocument): ArmDocument {
  const siteProperties = site.properties ?? {};
  const fromSite = (siteProperties.siteConfig ?? {}) as Record<string, unknown>;
  const fromConfig = Object.fromEntries(Object.entries(config.properties ?? {}).filter(([, v]) => v !== null && v !== undefined));
  return { ...site, properties: { ...siteProperties, siteConfig: { ...fromSite, ...fromConfig } } };
}

export const sites: ResourceAdapter = {
  type: "Microsoft.Web/sites",
  childTypes: ["Microsoft.Web/sites/config"],
  readActions: ["Microsoft.Web/sites/read", "Microsoft.Web/sites/config/read"],
  list: (clients) => listDocuments(() => clients.web.webApps.list()),
  async collect(clients, id, listed) {
    const site = listed ?? (await readDocument(() => clients.web.webApps.get(id.resourceGroup, id.name)));
    const config = await readDocument(() => clients.web.webApps.getConfiguration(id.resourceGroup, id.name));
    return [{ doc: withSiteConfig(site, config) }];
  },
  writers: [
    {
      documentType: "Microsoft.Web/sites",
      actions: ["Microsoft.Web/sites/write", "Microsoft.Web/sites/config/write"],
      async apply(clients, id, changes, direction) {
        const configChanges = changesUnder(changes, SITE_CONFIG);
        const siteChanges = changes.filter((c) => !configChanges.includes(c));
        if (siteChanges.length > 0) {
          await clients.web.webApps.update(id.resourceGroup, id.name, toSdkParameters(siteChanges, direction));
        }
        if (configChanges.length > 0) {
          await clients.web.webApps.updateConfiguration(id.resourceGroup, id.name, toSdkParameters(configChanges, direction, { [SITE_CONFIG]: "" }, false));
        }
      },
    },
  ],
};
