import { isNonEmptyString, setTo } from "./evidence.ts";
import type { FixParameters, FixSafety, FixSpec } from "./types.ts";

/** A fix that writes one property to a fixed value. */
export function setPropertyFix(safety: FixSafety, path: string, value: unknown, summary: string): FixSpec {
  return { safety, plan: (doc) => ({ changes: [setTo(doc, path, value)], summary }) };
}

/** A required string parameter of a fix, or undefined when the policy does not give it. */
export function stringParam(params: FixParameters, name: string): string | undefined {
  const value = params[name];
  return isNonEmptyString(value) ? value.trim() : undefined;
}
