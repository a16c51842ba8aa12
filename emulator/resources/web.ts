import { isPlainObject } from "../store/merge.ts";
import type { DocumentLookup, ResourceTypeSpec } from "./spec.ts";
import type { ArmDocument } from "../../shared/core/index.ts";

const CONFIG = "Microsoft.Web/sites/config";

/** Settings a new site gets in `config/web` (current App Service defaults). */
const DEFAULT_SITE_CONFIG = {
  numberOfWorkers: 1,
  netFrameworkVersion: "v4.0",
  alwaysOn: false,
  http20Enabled: false,
  minTlsVersion: "1.2",
  scmMinTlsVersion: "1.2",
  ftpsState: "FtpsOnly",
  remoteDebuggingEnabled: false,
  httpLoggingEnabled: false,
};

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value;
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

/**
 * A site's `siteConfig` lives in its `config/web` child: a write that carries one updates
 * that child (ignoring the nulls a site GET hands out, so a read-modify-PUT does not erase
 * settings), and the site itself is stored without it.
 */
function splitSiteConfig(site: ArmDocument) {
  const properties = isPlainObject(site.properties) ? site.properties : undefined;
  const siteConfig = properties?.siteConfig;
  if (!properties || siteConfig === undefined) return [];
  delete properties.siteConfig;
  const change = withoutNulls(siteConfig);
  if (!isPlainObject(change) || Object.keys(change).length === 0) return [];
  return [{ id: `${site.id}/config/web`, type: CONFIG, change: { name: "web", properties: change } }];
}

/** A site GET answers with `siteConfig` present but its settings null, as Azure does: the real values are in `config/web`. */
function presentSite(site: ArmDocument, lookup: DocumentLookup): ArmDocument {
  const config = lookup.get(`${site.id}/config/web`);
  const settings = isPlainObject(config?.properties) ? config.properties : DEFAULT_SITE_CONFIG;
  const nulls = Object.fromEntries(Object.keys(settings).map((key) => [key, key === "numberOfWorkers" ? settings[key] : null]));
  return { ...site, properties: { ...(site.properties ?? {}), siteConfig: nulls } };
}

/**
 * arm-appservice 19 (modular): site create is an LRO; `webApps.update` is synchronous (200,
 * and a 202 would need the site JSON too); `config/web` GET/PATCH/PUT answer 200 only.
 */
export const webSpecs: ResourceTypeSpec[] = [
  {
    type: "Microsoft.Web/sites",
    put: { lro: true },
    patch: { lro: false },
    split: splitSiteConfig,
    present: presentSite,
    children: (site) => [{ id: `${site.id}/config/web`, name: "web", type: CONFIG, location: site.location, properties: { ...DEFAULT_SITE_CONFIG } }],
  },
  {
    type: CONFIG,
    names: ["web"],
    put: { lro: false, createdStatus: 200 },
    patch: { lro: false },
    provisioningState: false,
  },
];
