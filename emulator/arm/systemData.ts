import type { CallerIdentity } from "../constants.ts";

/**
 * ARM's `systemData` for a write: who changed the resource last and when (and who created
 * it, on a create), so a reader can tell a person's change from the product's own.
 */
export function systemData(caller: CallerIdentity, created: boolean, now = new Date()): { systemData: Record<string, string> } {
  const at = now.toISOString();
  const by = { lastModifiedBy: caller.appid, lastModifiedByType: "Application", lastModifiedAt: at };
  return { systemData: created ? { createdBy: caller.appid, createdByType: "Application", createdAt: at, ...by } : by };
}
