import { resourceKey } from "../core/index.ts";
import { markActive } from "../store/types.ts";
import { afterFix, driftException, withException } from "./drift.ts";
import type { FixGuard, FixToApply } from "./pipeline.ts";

/**
 * Fixes of a resource and control that carry an exception mark (a rollback, a person's
 * decision) that has not expired, or that drifted back too often
 * (limits.maxAttemptsPerResourceControl within the drift window), become tickets, and the mark
 * is kept. A person's request is not held back. After the write, each applied fix counts toward
 * the drift limit.
 */
export const exceptionMarks: FixGuard = {
  name: "exceptionMarks",
  async run(pass, next) {
    const allowed: FixToApply[] = [];
    for (const f of pass.fixes) {
      const state = pass.state.controls.find((c) => c.controlId === f.control.id && resourceKey(c.resourceId) === resourceKey(pass.docId));
      const standing = state?.exception && markActive(state.exception, pass.now) ? state.exception : undefined;
      const mark = pass.manual ? undefined : (standing ?? driftException(state, pass.limits, pass.now));
      if (!mark) {
        allowed.push(f);
        continue;
      }
      if (!standing && !pass.dryRun) await pass.ledger.fixes.updateControl(pass.docId, f.control.id, (current) => withException(current, pass.docId, f.control.id, mark));
      pass.result.exceptions.set(f.control.id, mark);
      pass.ticket(f, { reason: `remediation exception: ${mark.reason}`, exception: mark });
    }
    if (allowed.length === 0) return;
    pass.fixes = allowed;
    const before = pass.result.actions.length;
    await next();
    for (const action of pass.result.actions.slice(before).filter((a) => a.kind === "remediation" && a.status === "applied")) {
      await pass.ledger.fixes.updateControl(pass.docId, action.controlId, (current) => afterFix(current, pass.docId, action.controlId, pass.now));
    }
  },
};
