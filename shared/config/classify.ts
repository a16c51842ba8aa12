import { CLASSIFICATION_LEVELS } from "../controls/index.ts";
import type { Classification } from "../controls/types.ts";
import type { Policy } from "./policy.ts";
import { tagValue } from "./tags.ts";
import type { ArmDocument } from "../core/index.ts";

/**
 * A resource's data classification under the policy: the policy's tag, a level or one of the
 * policy's aliases (case-insensitive), else the policy's default level. It does not wrap
 * `classificationOf`, which maps unknown values to `general` and so cannot tell an unknown
 * value (policy default) from an explicit `general`.
 */
export function classify(tags: ArmDocument["tags"], policy: Pick<Policy, "classification">): Classification {
  const { tagName, defaultLevel, aliases } = policy.classification;
  const value = tagValue(tags, tagName)?.trim().toLowerCase();
  if (value === undefined) return defaultLevel;
  const level = CLASSIFICATION_LEVELS.find((candidate) => candidate === value);
  return level ?? aliases[value] ?? defaultLevel;
}
