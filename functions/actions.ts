import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { z } from "zod";
import { rollback, RollbackRefused, scopeCheck, type RollbackRefusal } from "../shared/workflow/index.ts";
import { hostRuntime, type RuntimeFactory } from "./hostRuntime.ts";
import { callerOf, json, problem, readBody } from "./http/problem.ts";

const actionId = z.guid("must be an action id (a GUID)");
const rollbackSchema = z.strictObject({ dryRun: z.boolean("must be true or false").default(false) });

function idOf(request: HttpRequest): { id: string } | { response: HttpResponseInit } {
  const parsed = actionId.safeParse(request.params.id);
  if (!parsed.success) return { response: problem(400, "Invalid action id", parsed.error.issues[0]?.message ?? "not a GUID", [{ field: "id", message: "must be a GUID" }]) };
  return { id: parsed.data };
}

/** GET /api/actions/{id}: one recorded action: intent, before-state (in `fix.changes`), after, outcome, actor, correlation id. */
export function getActionHandler(getRuntime: RuntimeFactory) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const id = idOf(request);
    if ("response" in id) return id.response;
    const found = await (await getRuntime(context)).ledger.actions.get(id.id);
    if (!found) return problem(404, "Action not found", `no action ${id.id}`);
    return json(200, found.action);
  };
}

const REFUSAL_STATUS: Record<RollbackRefusal, number> = { "not-found": 404, "not-reversible": 409, "changed-since": 409, busy: 503 };

/**
 * POST /api/actions/{id}/rollback `{dryRun?}`: restores the before-state of a confirmed,
 * reversible fix, recorded as its own action. 200 with the rollback action; 404, 409 (not
 * reversible, or the resource changed since), 503 (another run is writing it: retry), 502
 * (the write failed).
 */
export function rollbackHandler(getRuntime: RuntimeFactory) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const id = idOf(request);
    if ("response" in id) return id.response;
    const read = await readBody(request, rollbackSchema, "rollback request");
    if ("response" in read) return read.response;
    const runtime = await getRuntime(context);
    const found = await runtime.ledger.actions.get(id.id);
    if (!found) return problem(404, "Action not found", `no action ${id.id}`);
    const allowed = scopeCheck(runtime, found.action.resourceId);
    if (!allowed.ok) return problem(403, "Out of scope", allowed.reason, [{ field: "id", message: allowed.reason }]);
    try {
      const action = await rollback(runtime, { actionId: id.id, actor: callerOf(request), dryRun: read.body.dryRun });
      if (action.status === "failed" || action.status === "not-confirmed") return problem(502, "Rollback failed", action.error ?? `the write ended ${action.status}`, undefined, { action });
      return json(200, action);
    } catch (error) {
      if (!(error instanceof RollbackRefused)) throw error;
      return problem(REFUSAL_STATUS[error.refusal], "Not rolled back", error.message, undefined, { refusal: error.refusal });
    }
  };
}

export const getAction = getActionHandler(hostRuntime);
export const rollbackAction = rollbackHandler(hostRuntime);
