import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { z } from "zod";
import { controlById } from "../shared/controls/index.ts";
import { scopeCheck } from "../shared/workflow/index.ts";
import { resourceIdField } from "./http/resourceId.ts";
import { hostRuntime, type RuntimeFactory } from "./hostRuntime.ts";
import { authenticate, requireRole } from "./http/auth.ts";
import { json, problem, readBody } from "./http/problem.ts";

const clearSchema = z.strictObject({
  resourceId: z.string("must be an ARM resource id").min(1, "must not be empty").max(2048, "is longer than 2048 characters"),
  controlId: z.string("must be a control id").min(1, "must not be empty").max(100, "is longer than 100 characters"),
  reason: z.string("must be text").trim().min(1, "must not be empty").max(500, "is longer than 500 characters"),
});

/**
 * POST /api/exceptions/clear `{resourceId, controlId, reason}` (Approver): removes the exception
 * mark (a rollback's, or a drift mark) of one resource and control, so automatic fixing resumes
 * at the next event or sweep. Who cleared it, when and why stay in the ledger's fix state and
 * the log. 200 with the mark cleared; 404 when there is none.
 */
export function clearExceptionHandler(getRuntime: RuntimeFactory) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const runtime = await getRuntime(context);
    const auth = authenticate(request, runtime.settings.platformAuthentication);
    if ("response" in auth) return auth.response;
    const denied = requireRole(auth.caller, "Approver", "Clearing an exception");
    if (denied) return denied;
    const read = await readBody(request, clearSchema, "exception clearing request");
    if ("response" in read) return read.response;
    const { resourceId, controlId, reason } = read.body;
    const parsed = resourceIdField(resourceId, "resourceId", "Invalid exception clearing request");
    if ("response" in parsed) return parsed.response;
    const id = parsed.id;
    if (!controlById(controlId)) return problem(400, "Invalid exception clearing request", `unknown control id ${JSON.stringify(controlId)}`, [{ field: "controlId", message: "unknown control id" }]);
    const allowed = scopeCheck(runtime, id.id);
    if (!allowed.ok) return problem(403, "Out of scope", allowed.reason, [{ field: "resourceId", message: allowed.reason }]);
    const cleared = await runtime.ledger.fixes.clearException(id.id, controlId, { by: auth.caller.actor, at: runtime.now().toISOString(), reason });
    if (!cleared) return problem(404, "No exception", `${id.id} has no exception mark for ${controlId}`);
    context.warn(`exceptions: ${auth.caller.actor} cleared the ${cleared.kind} exception of ${id.id} / ${controlId}: ${reason}`);
    return json(200, { resourceId: id.id, controlId, cleared, by: auth.caller.actor, reason });
  };
}

export const clearException = clearExceptionHandler(hostRuntime);
