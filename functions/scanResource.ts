import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { z } from "zod";
import { scanTarget, scopeCheck, targetOf } from "../shared/workflow/index.ts";
import { resourceIdField } from "./http/resourceId.ts";
import { hostRuntime, type HostRuntime, type RuntimeFactory } from "./hostRuntime.ts";
import { authenticate, requireReader, scanDryRun, type Caller } from "./http/auth.ts";
import { synchronousWork } from "./http/limits.ts";
import { problem, readBody } from "./http/problem.ts";
import { scanSummary } from "./http/scanSummary.ts";

const scanResourceSchema = z.strictObject({
  resourceId: z.string("must be an ARM resource id").min(1, "must not be empty").max(2048, "is longer than 2048 characters"),
  dryRun: z.boolean("must be true or false").optional(),
});

/**
 * Scans one resource now and answers with what was found and done; a problem response for an
 * id that is bad or out of scope (before any ARM call), a caller who may not fix, a type the
 * service does not cover (400), a resource ARM does not have (404), as /api/sweeps and
 * /api/remediations answer, or no free slot (429).
 */
export async function scanOneResource(runtime: HostRuntime, caller: Caller, resourceId: string, asked: boolean | undefined): Promise<HttpResponseInit> {
  const parsed = resourceIdField(resourceId, "resourceId", "Invalid scan request");
  if ("response" in parsed) return parsed.response;
  const id = parsed.id;
  const scope = scopeCheck(runtime, id.id);
  if (!scope.ok) return problem(403, "Out of scope", scope.reason, [{ field: "resourceId", message: scope.reason }]);
  const mode = scanDryRun(caller, asked);
  if ("response" in mode) return mode.response;
  const target = targetOf(runtime, id.id);
  if (!target) return problem(400, "Invalid scan request", `resource type ${id.type} is not one this service covers`, [{ field: "resourceId", message: "resource type not covered" }]);
  return synchronousWork.run(async () => {
    const outcome = await scanTarget({ ...runtime, actor: caller.actor }, target, mode.dryRun === undefined ? {} : { dryRun: mode.dryRun });
    if (outcome.findings.length === 0) return problem(404, "Resource not found", `${target.id.id} was not found in ARM, or has no document a control judges`);
    return { status: 200, jsonBody: scanSummary(outcome) };
  });
}

/**
 * POST /api/scan-resource `{resourceId, dryRun?}` (Reader; fixing needs Remediator): re-reads one
 * resource from ARM, judges it and acts now, and answers with the findings and actions (200).
 * For a subscription or resource group, POST /api/sweeps queues the work instead.
 */
export function scanResourceHandler(getRuntime: RuntimeFactory) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const runtime = await getRuntime(context);
    const auth = authenticate(request, runtime.settings.platformAuthentication);
    if ("response" in auth) return auth.response;
    const denied = requireReader(auth.caller);
    if (denied) return denied;
    const read = await readBody(request, scanResourceSchema, "scan request");
    if ("response" in read) return read.response;
    return scanOneResource(runtime, auth.caller, read.body.resourceId, read.body.dryRun);
  };
}

export const scanResourceFunction = scanResourceHandler(hostRuntime);
