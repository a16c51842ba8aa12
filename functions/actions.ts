import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { z } from "zod";
import { LedgerIntegrityError } from "../shared/store/index.ts";
import { rollback, ROLLBACK_EXCEPTION_DAYS, RollbackRefused, type RollbackRefusal } from "../shared/workflow/index.ts";
import { hostRuntime, type RuntimeFactory } from "./hostRuntime.ts";
import { authenticate, requireReader, requireRole } from "./http/auth.ts";
import { synchronousWork } from "./http/limits.ts";
import { json, problem, readBody } from "./http/problem.ts";

const actionId = z.guid("must be an action id (a GUID)");
const rollbackSchema = z
  .strictObject({
    dryRun: z.boolean("must be true or false").default(true),
    reason: z.string("must be text").trim().min(1, "must not be empty").max(500, "is longer than 500 characters").optional(),
    etag: z.string("must be the action's etag").min(1).max(200, "is longer than 200 characters").optional(),
    digest: z
      .string("must be the before-state digest")
      .regex(/^[0-9a-f]{64}$/, "must be the 64 hex digits a dry run reports")
      .optional(),
    exceptionDays: z.int("must be a whole number of days").min(1, "must be at least 1").max(ROLLBACK_EXCEPTION_DAYS.max, `must be at most ${ROLLBACK_EXCEPTION_DAYS.max}`).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.dryRun) return;
    if (!body.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "is required to apply a rollback" });
    if (!body.etag && !body.digest) ctx.addIssue({ code: "custom", path: ["digest"], message: "the etag or digest of the dry run you reviewed is required to apply a rollback" });
  });

function idOf(request: HttpRequest): { id: string } | { response: HttpResponseInit } {
  const parsed = actionId.safeParse(request.params.id);
  if (!parsed.success) return { response: problem(400, "Invalid action id", parsed.error.issues[0]?.message ?? "not a GUID", [{ field: "id", message: "must be a GUID" }]) };
  return { id: parsed.data };
}

function refusedRow(error: LedgerIntegrityError): HttpResponseInit {
  return problem(409, "Ledger row refused", error.message, undefined, { refusal: "tampered" });
}

/** GET /api/actions/{id} (Reader): one recorded action: intent, before-state (in `fix.changes`), after, outcome, actor, correlation id; its row's ETag in the header. */
export function getActionHandler(getRuntime: RuntimeFactory) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const runtime = await getRuntime(context);
    const auth = authenticate(request, runtime.settings.platformAuthentication);
    if ("response" in auth) return auth.response;
    const denied = requireReader(auth.caller);
    if (denied) return denied;
    const id = idOf(request);
    if ("response" in id) return id.response;
    try {
      const found = await runtime.ledger.actions.get(id.id);
      if (!found) return problem(404, "Action not found", `no action ${id.id}`);
      return json(200, found.action, { etag: found.version });
    } catch (error) {
      if (error instanceof LedgerIntegrityError) return refusedRow(error);
      throw error;
    }
  };
}

const REFUSAL_STATUS: Record<RollbackRefusal, number> = {
  "not-found": 404,
  "not-reversible": 409,
  tampered: 409,
  "out-of-scope": 403,
  unconfirmed: 400,
  stale: 412,
  "changed-since": 409,
  busy: 503,
};

/**
 * POST /api/actions/{id}/rollback `{dryRun = true, reason?, etag? | digest?, exceptionDays?}`:
 * plans (Reader) or applies (Approver, with a reason and the etag or digest the dry run
 * reported) the restore of a confirmed, reversible fix's before-state, recorded as its own
 * action. 200 with `{action, review, exception?, ticket?}`; 403 (role or scope), 404, 409 (not
 * reversible, the row fails its integrity check, or the resource changed since), 412 (the etag or
 * digest is not the current one), 429, 503 (another run is writing it: retry), 502 (the write failed).
 */
export function rollbackHandler(getRuntime: RuntimeFactory) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const runtime = await getRuntime(context);
    const auth = authenticate(request, runtime.settings.platformAuthentication);
    if ("response" in auth) return auth.response;
    const id = idOf(request);
    if ("response" in id) return id.response;
    const read = await readBody(request, rollbackSchema, "rollback request");
    if ("response" in read) return read.response;
    const { dryRun, reason, etag, digest, exceptionDays } = read.body;
    const denied = dryRun ? requireReader(auth.caller) : requireRole(auth.caller, "Approver", "Applying a rollback");
    if (denied) return denied;
    return synchronousWork.run(async () => {
      try {
        const outcome = await rollback(runtime, {
          actionId: id.id,
          actor: auth.caller.actor,
          dryRun,
          ...(reason ? { reason } : {}),
          expected: { ...(etag ? { etag } : {}), ...(digest ? { digest } : {}) },
          ...(exceptionDays ? { exceptionDays } : {}),
        });
        const { action } = outcome;
        if (action.status === "failed" || action.status === "not-confirmed") return problem(502, "Rollback failed", action.error ?? `the write ended ${action.status}`, undefined, { ...outcome });
        return json(200, outcome);
      } catch (error) {
        if (!(error instanceof RollbackRefused)) throw error;
        return problem(REFUSAL_STATUS[error.refusal], "Not rolled back", error.message, undefined, { refusal: error.refusal });
      }
    });
  };
}

export const getAction = getActionHandler(hostRuntime);
export const rollbackAction = rollbackHandler(hostRuntime);
