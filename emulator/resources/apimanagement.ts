import type { ResourceTypeSpec } from "./spec.ts";

/**
 * arm-apimanagement 10 (classic): create and update are LROs. `customProperties` holds the
 * protocol and cipher switches as the strings "True"/"False" under dotted keys. (The service
 * resets a switch a PATCH leaves out to its default; the emulator merges instead, and the
 * writer always sends the whole map, so both agree.)
 */
export const apiManagementSpecs: ResourceTypeSpec[] = [{ type: "Microsoft.ApiManagement/service", put: { lro: true }, patch: { lro: true } }];
