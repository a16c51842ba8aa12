import type { ResourceTypeSpec } from "./spec.ts";
import type { ArmDocument } from "../../shared/core/index.ts";

/**
 * The tags API at a resource's scope, `{resourceUri}/providers/Microsoft.Resources/tags/default`:
 * a view of the resource's tags, readable with `Microsoft.Resources/tags/read` whatever the
 * resource's type. An untagged resource answers with an empty `tags` object.
 */
export const resourcesSpecs: ResourceTypeSpec[] = [
  {
    type: "Microsoft.Resources/tags",
    extension: true,
    provisioningState: false,
    derive: (owner: ArmDocument, id: string) => ({ id, name: "default", type: "Microsoft.Resources/tags", properties: { tags: { ...(owner.tags ?? {}) } } }),
  },
];
