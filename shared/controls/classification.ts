import type { Classification } from "./types.ts";
import type { ArmDocument } from "../core/index.ts";

export const CLASSIFICATION_LEVELS: readonly Classification[] = ["public", "general", "confidential", "highly-confidential"];
export const DEFAULT_CLASSIFICATION: Classification = "general";
export const CLASSIFICATION_TAG = "data-classification";

/** Tag names and values compare case-insensitively; a missing or unknown value is `general`. */
export function classificationOf(tags: ArmDocument["tags"], tagName = CLASSIFICATION_TAG): Classification {
  if (!tags || typeof tags !== "object") return DEFAULT_CLASSIFICATION;
  const wanted = tagName.toLowerCase();
  for (const [name, value] of Object.entries(tags)) {
    if (name.toLowerCase() !== wanted || typeof value !== "string") continue;
    const level = value.trim().toLowerCase();
    return (CLASSIFICATION_LEVELS as readonly string[]).includes(level) ? (level as Classification) : DEFAULT_CLASSIFICATION;
  }
  return DEFAULT_CLASSIFICATION;
}

export function classificationRank(level: Classification): number {
  return CLASSIFICATION_LEVELS.indexOf(level);
}

export function isAtLeast(level: Classification, threshold: Classification): boolean {
  return classificationRank(level) >= classificationRank(threshold);
}
