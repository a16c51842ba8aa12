import { setTo } from "./evidence.ts";
import type { FixSafety, FixSpec } from "./types.ts";

/** A fix that writes one property to a fixed value. */
export function setPropertyFix(safety: FixSafety, path: string, value: unknown, summary: string): FixSpec {
  return { safety, plan: (doc) => ({ changes: [setTo(doc, path, value)], summary }) };
}
