import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type { Policy } from "../config/policy.ts";
import { applyChanges, valueAt } from "../controls/index.ts";
import type { Control } from "../controls/types.ts";
import type { ArmDocument, PropertyChange } from "../core/index.ts";
import { resourceKey } from "../core/index.ts";
import { evaluationContext, paramsFor } from "../engine/params.ts";
import type { ActionRecord } from "../store/types.ts";

/** A restored value larger than this is no setting a fix ever changed. */
const MAX_VALUE_BYTES = 4096;

/**
 * What an approver reviews and names when applying: a digest of the action's before-state (the
 * values the rollback would write back, and where), stable across reads of the same row.
 */
export function beforeStateDigest(action: Pick<ActionRecord, "id" | "resourceId" | "controlId" | "fix">): string {
  const changes = (action.fix?.changes ?? []).map((c) => [c.path, c.before ?? null, c.after ?? null]);
  return createHash("sha256")
    .update(JSON.stringify([action.id, resourceKey(action.resourceId), action.controlId, changes]))
    .digest("hex");
}

/**
 * Whether the control itself vouches for a rollback: the paths it would write are paths the
 * control's own fix plans, and the values it would restore are a before-state of that fix.
 * Asked of the control with the document as it would read after the rollback: the control must
 * judge it non-compliant (the state its fix replaces), and planning its fix there must change
 * exactly these paths back to what the fix wrote. A ledger row cannot make a rollback write
 * anything else (another property, a value no fix would replace). Returns why not, or undefined.
 */
export function controlRefusal(control: Control, action: ActionRecord, restoring: readonly PropertyChange[], doc: ArmDocument, policy: Policy): string | undefined {
  if (!control.fix) return `control ${control.id} has no fix, so no fix of it can be rolled back`;
  const paths = restoring.map((c) => c.path);
  if (new Set(paths).size !== paths.length) return "the action names a property more than once";
  const oversized = restoring.find((c) => Buffer.byteLength(JSON.stringify(c.after ?? null)) > MAX_VALUE_BYTES);
  if (oversized) return `the value to restore at ${oversized.path} is larger than any setting a fix changes`;

  const before = applyChanges(doc, restoring);
  const context = evaluationContext(control, action.finding.classification, policy);
  const verdict = control.evaluate(before, context);
  if (verdict.status !== "noncompliant") return `${control.id} judges the state to restore ${verdict.status}, not a state its fix replaces`;
  const params = paramsFor(control, policy);
  if (!params.fix) return `${control.id} cannot plan its fix under the current policy (it needs ${params.missing.join(", ")}), so its fix paths cannot be confirmed`;
  let planned: PropertyChange[];
  try {
    planned = control.fix.plan(before, params.fix).changes;
  } catch (error) {
    return `${control.id} cannot plan its fix on the state to restore: ${(error as Error).message}`;
  }
  for (const change of restoring) {
    const own = planned.find((p) => p.path === change.path);
    if (!own) return `${change.path} is not a property ${control.id}'s fix changes (it changes ${planned.map((p) => p.path).join(", ") || "nothing there"})`;
    if (!isDeepStrictEqual(own.after ?? null, change.before ?? null)) {
      return `${control.id}'s fix writes ${JSON.stringify(own.after ?? null)} at ${change.path}, not ${JSON.stringify(change.before ?? null)}: this is not a rollback of its fix`;
    }
    if (!isDeepStrictEqual(valueAt(before, change.path) ?? null, change.after ?? null)) return `${change.path} cannot be set to the recorded before-state`;
  }
  return undefined;
}
