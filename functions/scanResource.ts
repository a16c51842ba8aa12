import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { z } from "zod";
import { parseResourceId, ResourceIdError } from "../shared/core/index.ts";
import { scanResource, scopeCheck } from "../shared/workflow/index.ts";
import { hostRuntime, type HostRuntime, type RuntimeFactory } from "./hostRuntime.ts";
import { problem, readBody } from "./http/problem.ts";
import { scanSummary } from "./http/scanSummary.ts";

const scanResourceSchema = z.strictObject({
  resourceId: z.string("must be an ARM resource id").min(1, "must not be empty"),
  dryRun: z.boolean("must be true or false").optional(),
});

/** Scans one resource now and answers with what was found and done; a problem response for an id that is bad or out of scope. */
export async function scanOneResource(runtime: HostRuntime, resourceId: string, dryRun: boolean | undefined): Promise<HttpResponseInit> {
  let id;
  try {
    id = parseResourceId(resourceId);
  } catch (error) {
    if (!(error instanceof ResourceIdError)) throw error;
    return problem(400, "Invalid scan request", error.message, [{ field: "resourceId", message: error.message }]);
  }
  const scope = scopeCheck(runtime, id.id);
  if (!scope.ok) return problem(403, "Out of scope", scope.reason, [{ field: "resourceId", message: scope.reason }]);
  return { status: 200, jsonBody: scanSummary(await scanResource(runtime, id.id, dryRun === undefined ? {} : { dryRun })) };
}

/**
 * POST /api/scan-resource `{resourceId, dryRun?}`: re-reads one resource from ARM, judges it and
 * acts now, and answers with the findings and actions (200). For a subscription or resource
 * group, POST /api/sweeps queues the work instead.
 */
export function scanResourceHandler(getRuntime: RuntimeFactory) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const read = await readBody(request, scanResourceSchema, "scan request");
    if ("response" in read) return read.response;
    return scanOneResource(await getRuntime(context), read.body.resourceId, read.body.dryRun);
  };
}

export const scanResourceFunction = scanResourceHandler(hostRuntime);
