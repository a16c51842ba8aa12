/**
 * A bare `Microsoft.Web/sites` GET returns null for most of `siteConfig`; the collector fills it
 * from the site's `config/web` document. When it is still missing, nothing can be concluded.
 */
export const SITE_CONFIG_NOT_READ = "siteConfig is missing or null: a bare site GET does not return it, the collector must fill it from config/web";
