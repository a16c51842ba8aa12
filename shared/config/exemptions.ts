/**
 * Which exemption, if any, covers a resource and a control: the policy's exemptions first (they
 * carry a reason and an expiry), then the owner's `encryption-guard-exempt` tag.
 */
import { matchesGlob } from "./glob.ts";
import type { Exemption, Policy } from "./policy.ts";
import { ALL_CONTROLS } from "./policySchema.ts";
import { tagValue } from "./tags.ts";
import type { ArmDocument } from "../core/index.ts";

export const EXEMPT_TAG = "encryption-guard-exempt";

export type ExemptionMatch =
  | { active: true; reason: string }
  /** Only expired exemptions cover the resource: the finding stands and says so. */
  | { active: false; reason: string; expiredOn: string };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Exact id, id prefix (ends with `/`) or glob; always case-insensitive, as ARM ids are. */
export function scopeCovers(scope: string, resourceId: string): boolean {
  const id = resourceId.replace(/\/+$/, "");
  if (scope.includes("*")) return matchesGlob(scope, id);
  if (scope.endsWith("/")) return `${id.toLowerCase()}/`.startsWith(scope.toLowerCase());
  return id.toLowerCase() === scope.toLowerCase();
}

/** The first instant an exemption no longer applies: a bare date lasts to the end of that day, UTC. */
export function expiryInstant(expires: string): Date {
  const isDateOnly = /^\d{4}-\d{2}-\d{2}$/.test(expires);
  return isDateOnly ? new Date(Date.parse(`${expires}T00:00:00Z`) + DAY_MS) : new Date(expires);
}

function coversControl(ids: readonly string[], controlId: string): boolean {
  return ids.some((id) => id === ALL_CONTROLS || id.toLowerCase() === controlId.toLowerCase());
}

function tagExempts(tags: ArmDocument["tags"], controlId: string): boolean {
  const value = tagValue(tags, EXEMPT_TAG);
  return (
    value !== undefined &&
    coversControl(
      value.split(",").map((id) => id.trim()),
      controlId,
    )
  );
}

export function exemptionFor(doc: ArmDocument, controlId: string, policy: Pick<Policy, "exemptions">, now: Date): ExemptionMatch | undefined {
  let latestExpired: (Exemption & { expires: string }) | undefined;
  for (const exemption of policy.exemptions) {
    if (!coversControl(exemption.controls, controlId) || !scopeCovers(exemption.scope, doc.id)) continue;
    const { expires } = exemption;
    if (expires === undefined || now < expiryInstant(expires)) {
      return { active: true, reason: `${exemption.reason} (policy exemption${expires ? ` until ${expires}` : ""})` };
    }
    if (!latestExpired || expiryInstant(expires) > expiryInstant(latestExpired.expires)) latestExpired = { ...exemption, expires };
  }
  if (tagExempts(doc.tags, controlId)) return { active: true, reason: `exempted by the resource's ${EXEMPT_TAG} tag` };
  if (!latestExpired) return undefined;
  return {
    active: false,
    expiredOn: latestExpired.expires,
    reason: `the exemption for ${latestExpired.scope} expired on ${latestExpired.expires} (${latestExpired.reason})`,
  };
}
