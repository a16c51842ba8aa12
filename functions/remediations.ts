import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { z } from "zod";
import { controlById } from "../shared/controls/index.ts";
import { controlFits, requestRemediation, scopeCheck, targetOf } from "../shared/workflow/index.ts";
import { resourceIdField } from "./http/resourceId.ts";
import { hostRuntime, type RuntimeFactory } from "./hostRuntime.ts";
import { authenticate, requireReader, requireRole } from "./http/auth.ts";
import { synchronousWork } from "./http/limits.ts";
import { json, problem, readBody } from "./http/problem.ts";

const remediationSchema = z.strictObject({
  resourceId: z.string("must be an ARM resource id").min(1, "must not be empty").max(2048, "is longer than 2048 characters"),
  controlId: z.string("must be a control id").min(1, "must not be empty").max(100, "is longer than 100 characters"),
  dryRun: z.boolean("must be true or false").default(true),
});

const WRITE_FAILED = new Set(["failed", "not-confirmed"]);

/**
 * POST /api/remediations `{resourceId, controlId, dryRun}`: a person asks for one fix. A dry
 * run (the default; Reader) answers with the planned change; `dryRun: false` (Remediator)
 * applies it behind the guards, unless GUARD_DRY_RUN says no write at all. The caller is
 * recorded as the actor. 200 with the finding and the action; 409 when it will not be fixed (and
 * why: the policy audits or turns the control off, the breaker, safety); 404 when the resource is
 * gone; 502 when the write failed or did not show on a re-read.
 */
export function remediationsHandler(getRuntime: RuntimeFactory) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const runtime = await getRuntime(context);
    const auth = authenticate(request, runtime.settings.platformAuthentication);
    if ("response" in auth) return auth.response;
    const read = await readBody(request, remediationSchema, "remediation request");
    if ("response" in read) return read.response;
    const { resourceId, controlId, dryRun } = read.body;
    const denied = dryRun ? requireReader(auth.caller) : requireRole(auth.caller, "Remediator", "Applying a fix (dryRun: false)");
    if (denied) return denied;
    const parsed = resourceIdField(resourceId, "resourceId", "Invalid remediation request");
    if ("response" in parsed) return parsed.response;
    const id = parsed.id;
    const control = controlById(controlId);
    if (!control) return problem(400, "Invalid remediation request", `unknown control id ${JSON.stringify(controlId)}`, [{ field: "controlId", message: "unknown control id" }]);
    const allowed = scopeCheck(runtime, id.id);
    if (!allowed.ok) return problem(403, "Out of scope", allowed.reason, [{ field: "resourceId", message: allowed.reason }]);
    const target = targetOf(runtime, id.id);
    if (!target) return problem(400, "Invalid remediation request", `resource type ${id.type} is not one this service covers`, [{ field: "resourceId", message: "resource type not covered" }]);
    if (!controlFits(control, target)) {
      return problem(400, "Invalid remediation request", `${controlId} judges ${control.resourceTypes.join(", ")}, not ${target.module.type}`, [
        { field: "controlId", message: "does not apply to this resource type" },
      ]);
    }

    return synchronousWork.run(async () => {
      const answer = await requestRemediation(runtime, { resourceId: target.id.id, controlId, dryRun, actor: auth.caller.actor });
      if (answer.outcome === "not-found") return problem(404, "Resource not found", answer.reason);
      if (answer.outcome === "refused")
        return problem(409, "Not remediated", answer.reason, undefined, { ...(answer.finding ? { finding: answer.finding } : {}), ...(answer.action ? { action: answer.action } : {}) });
      if (answer.action && WRITE_FAILED.has(answer.action.status)) {
        return problem(502, "Remediation failed", answer.action.error ?? `the write ended ${answer.action.status}`, undefined, { finding: answer.finding, action: answer.action });
      }
      return json(200, { finding: answer.finding, action: answer.action ?? null });
    });
  };
}

export const remediations = remediationsHandler(hostRuntime);
