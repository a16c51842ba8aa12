import type { ArmDocument } from "../core/index.ts";

/** A tag's value by name, compared case-insensitively as ARM does; undefined when absent or not a string. */
export function tagValue(tags: ArmDocument["tags"], name: string): string | undefined {
  if (!tags || typeof tags !== "object") return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(tags)) {
    if (key.toLowerCase() === wanted && typeof value === "string") return value;
  }
  return undefined;
}
