import type { ResourceTypeSpec } from "./spec.ts";

/**
 * Diagnostic settings (arm-monitor 8, modular): an extension resource under any resource,
 * `{resourceUri}/providers/Microsoft.Insights/diagnosticSettings/{name}`. PUT is synchronous
 * and accepts 200 only, even when it creates; the list is one page.
 */
export const insightsSpecs: ResourceTypeSpec[] = [
  {
    type: "Microsoft.Insights/diagnosticSettings",
    extension: true,
    put: { lro: false, createdStatus: 200 },
    provisioningState: false,
    singlePage: true,
  },
];
