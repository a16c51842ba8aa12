import { changesUnder, readDocument } from "../../azure/index.ts";
import type { ArmDocument } from "../../core/index.ts";
import { defineResource, sdkParameters } from "../define.ts";

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

export const sites = defineResource({
  type: "Microsoft.Web/sites",
  apiVersion: "2025-05-01",
  client: "@azure/arm-appservice",
  names: ["app"],
  // The graph holds config/web in appserviceresources: joined on, it spares the ARM read `complete` makes.
  graph: { table: "resources", completion: { table: "appserviceresources", type: "Microsoft.Web/sites/config", name: "web", merge: withSiteConfig } },
  operations: (clients) => clients.web.webApps,
  list: (ops) => ops.list(),
  get: (ops, id) => ops.get(id.resourceGroup, id.name),
  complete: async (clients, id, site) => withSiteConfig(site, await readDocument(() => clients.web.webApps.getConfiguration(id.resourceGroup, id.name))),
  childTypes: ["Microsoft.Web/sites/config"],
  actions: {
    read: ["Microsoft.Web/sites/read", "Microsoft.Web/sites/config/read"],
    write: ["Microsoft.Web/sites/write", "Microsoft.Web/sites/config/write"],
  },
  async write(ops, _clients, id, changes, direction) {
    const configChanges = changesUnder(changes, SITE_CONFIG);
    const siteChanges = changes.filter((c) => !configChanges.includes(c));
    if (siteChanges.length > 0) await ops.update(id.resourceGroup, id.name, sdkParameters({}, siteChanges, direction));
    if (configChanges.length > 0) await ops.updateConfiguration(id.resourceGroup, id.name, sdkParameters({ renames: { [SITE_CONFIG]: "" }, nested: true }, configChanges, direction));
  },
});
