import type { ResourceTypeSpec } from "./spec.ts";

/**
 * arm-cosmosdb 17 (modular): create and update are LROs (rlc "location"). The list has
 * always been answered in one page (the classic 16.x client ignores nextLink), so it still is.
 */
export const cosmosSpecs: ResourceTypeSpec[] = [{ type: "Microsoft.DocumentDB/databaseAccounts", put: { lro: true }, patch: { lro: true }, singlePage: true }];
