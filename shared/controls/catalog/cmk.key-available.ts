import { z } from "zod";
import { BOUND_KEY, bindingKey, boundKeyOf, namesKey, parseKeyUri, BINDING_TYPES } from "../bindings.ts";
import { propertiesOf, unreadable, verdict } from "../evidence.ts";
import { attributesOf, dayOf, daysUntil, rotatesBefore } from "../keys.ts";
import { defineControl } from "../params.ts";
import type { EvalContext, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const params = z.strictObject({
  expiryWarningDays: z.number().int().min(1).max(365).default(30).describe("A key that expires within this many days, with no rotation policy to replace it first, is a finding."),
});
type Params = z.output<typeof params>;

const EXPECTED = "the key exists, is enabled, and does not expire within the warning window without a rotation that replaces it first";
const DAY_MS = 86_400_000;

function evaluateKeyAvailable(doc: ArmDocument, ctx: EvalContext<Params>): Verdict {
  if (!propertiesOf(doc)) return unreadable(BOUND_KEY, EXPECTED);
  const named = bindingKey(doc);
  if (!named) return verdict("unknown", BOUND_KEY, null, EXPECTED, "the resource names no key");
  const bound = boundKeyOf(doc);
  const pinned = parseKeyUri(named.uri)?.version;
  const base = { key: named.uri, ...(pinned ? { pinnedVersion: pinned } : {}), resources: [doc.id] };
  if (!bound) return verdict("unknown", BOUND_KEY, base, EXPECTED, `the key ${named.uri} was not read with the resource (offline: no key document with that URI is in the input)`);
  if (bound.missing) return verdict("noncompliant", BOUND_KEY, { ...base, exists: false, source: bound.source }, EXPECTED, bound.missing);
  if (!bound.key) return verdict("unknown", BOUND_KEY, { ...base, source: bound.source }, EXPECTED, bound.unresolved ?? "the key could not be read");
  const attributes = attributesOf(bound.key);
  const actual = { ...base, keyId: bound.key.id, source: bound.source };
  if (!attributes || attributes.enabled === undefined || attributes.expires === undefined) {
    return verdict("unknown", BOUND_KEY, actual, EXPECTED, "the key's attributes (enabled, exp) cannot be read");
  }
  const expires = attributes.expires;
  const withDates = { ...actual, enabled: attributes.enabled, expires: expires ? dayOf(expires) : null };
  if (!attributes.enabled) return verdict("noncompliant", BOUND_KEY, withDates, EXPECTED, `the key is disabled: ${doc.name ?? doc.id} cannot unwrap its data encryption key`);
  if (!expires) return verdict("compliant", BOUND_KEY, withDates, EXPECTED);
  const days = daysUntil(expires, ctx.now);
  // Due a day before the key expires (now, when it already has).
  const dueBy = new Date(Math.max(ctx.now.getTime(), expires.getTime() - DAY_MS)).toISOString();
  if (expires.getTime() <= ctx.now.getTime()) {
    return {
      status: "noncompliant",
      evidence: { path: BOUND_KEY, actual: withDates, expected: EXPECTED, dueBy },
      reason: `the key expired on ${dayOf(expires)}: ${doc.name ?? doc.id} cannot unwrap its data`,
    };
  }
  if (days < ctx.params.expiryWarningDays && !rotatesBefore(bound.key, expires, attributes.created)) {
    return {
      status: "noncompliant",
      evidence: { path: BOUND_KEY, actual: withDates, expected: EXPECTED, dueBy },
      reason: `the key expires on ${dayOf(expires)} (in ${days} days) and no rotation policy replaces it first`,
    };
  }
  return verdict("compliant", BOUND_KEY, withDates, EXPECTED);
}

export const cmkKeyAvailable = defineControl({
  id: "cmk.key-available",
  title: "Customer-managed key exists, is enabled and is not about to expire",
  severity: "critical",
  stage: "key-management",
  resourceTypes: BINDING_TYPES,
  appliesTo: namesKey,
  minClassification: "public",
  defaultDecision: "ticket",
  params,
  evaluate: evaluateKeyAvailable,
  // No fix: the service never sets or extends a key's expiry, nor enables a key. The ticket is due before the key expires.
  refs: { waf: "SE:07", mcsb: "DP-6" },
});
