import type { CaseTable } from "../caseTable.ts";

export default {
  fix: "safe",
  cases: [
    { name: "accepts FtpsOnly", doc: "web/site-tls10-ftps-only.json", status: "compliant" },
    { name: "accepts Disabled", doc: "web/site-hardened.json", status: "compliant" },
    {
      name: "rejects AllAllowed",
      doc: "web/site-config-filled.json",
      status: "noncompliant",
      evidence: { path: "properties.siteConfig.ftpsState", actual: "AllAllowed", expected: "FtpsOnly or Disabled" },
    },
    { name: "says unknown when config/web was not read (bare GET)", doc: "web/site-bare-get.json", status: "unknown" },
    { name: "says unknown when config/web was not read (siteConfig null)", doc: "web/site-null-site-config.json", status: "unknown" },
    { name: "says unknown for an ftpsState that is not a string", doc: { fixture: "web/site-config-filled.json", set: { properties: { siteConfig: { ftpsState: 0 } } } }, status: "unknown" },
    { name: "plans FtpsOnly", fix: "web/site-config-filled.json", changes: [{ path: "properties.siteConfig.ftpsState", before: "AllAllowed", after: "FtpsOnly" }] },
  ],
} satisfies CaseTable;
