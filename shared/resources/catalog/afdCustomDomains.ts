import { listDocuments } from "../../azure/index.ts";
import { parseResourceId } from "../../core/index.ts";
import { defineResource } from "../define.ts";

/** Front Door Standard and Premium profiles; classic CDN profiles have no `customDomains` collection of this type. */
const FRONT_DOOR_SKUS = /_AzureFrontDoor$/i;

function skuName(sku: unknown): string {
  const name = sku !== null && typeof sku === "object" ? (sku as { name?: unknown }).name : undefined;
  return typeof name === "string" ? name : "";
}

/** Front Door Standard/Premium custom domains (the CDN provider's `afdCustomDomains`), listed profile by profile. */
export const afdCustomDomains = defineResource({
  type: "Microsoft.Cdn/profiles/customDomains",
  apiVersion: "2024-02-01",
  client: "@azure/arm-cdn",
  names: ["profile", "domain"],
  operations: (clients) => clients.cdn.afdCustomDomains,
  async *list(ops, clients) {
    // ARM lists custom domains per profile only.
    for await (const profile of listDocuments(() => clients.cdn.profiles.list())) {
      if (!FRONT_DOOR_SKUS.test(skuName(profile.sku))) continue;
      const profileId = parseResourceId(profile.id);
      yield* listDocuments(() => ops.listByProfile(profileId.resourceGroup, profileId.name));
    }
  },
  get: (ops, id) => ops.get(id.resourceGroup, id.names[0]!, id.name),
  actions: { read: ["Microsoft.Cdn/profiles/read", "Microsoft.Cdn/profiles/customDomains/read"] },
});
