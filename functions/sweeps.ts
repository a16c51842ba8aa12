import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { enqueueSweep, parseScope, scopeCheck, targetOf, type ScanScope } from "../shared/workflow/index.ts";
import { hostRuntime, type RuntimeFactory } from "./hostRuntime.ts";
import { json, problem, readBody } from "./http/problem.ts";
import { ResourceIdError } from "../shared/core/index.ts";

const scansSchema = z.strictObject({
  scope: z.string("must be a subscription, resource group or resource id").min(1, "must not be empty").max(2048, "is longer than 2048 characters"),
  dryRun: z.boolean("must be true or false").optional(),
});

/**
 * POST /api/sweeps `{scope, dryRun?}`: queues a scan of a subscription or resource group (as a
 * sharded sweep) or of one resource, and answers 202 at once; the findings arrive in
 * GET /api/findings. The scope is parsed strictly and checked against the configured scopes
 * before anything is queued.
 */
export function sweepsHandler(getRuntime: RuntimeFactory) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const read = await readBody(request, scansSchema, "scan request");
    if ("response" in read) return read.response;
    const { scope: value, dryRun } = read.body;
    let scope: ScanScope;
    try {
      scope = parseScope(value);
    } catch (error) {
      if (!(error instanceof ResourceIdError)) throw error;
      return problem(400, "Invalid scan request", error.message, [{ field: "scope", message: error.message }]);
    }
    const runtime = await getRuntime(context);
    const allowed = scopeCheck(runtime, value);
    if (!allowed.ok) return problem(403, "Out of scope", allowed.reason, [{ field: "scope", message: allowed.reason }]);
    const location = `/api/findings?subscription=${scope.kind === "resource" ? scope.id.subscriptionId : scope.subscriptionId}`;

    if (scope.kind === "resource") {
      const target = targetOf(runtime, scope.id.id);
      if (!target) return problem(400, "Invalid scan request", `resource type ${scope.id.type} is not one this service covers`, [{ field: "scope", message: "resource type not covered" }]);
      const scanId = randomUUID();
      await runtime.queue.send({ kind: "resource", key: `api:${scanId}`, resourceId: target.id.id, origin: "api", correlationId: scanId, ...(dryRun ? { dryRun } : {}) });
      return json(202, { scanId, scope: value, queued: { resources: 1 } }, { location });
    }
    const queued = await enqueueSweep(runtime, {
      subscriptionIds: [scope.subscriptionId],
      ...(scope.kind === "resourceGroup" ? { resourceGroup: scope.resourceGroup } : {}),
      ...(dryRun ? { dryRun } : {}),
    });
    return json(202, { scanId: queued.sweepId, scope: value, queued: { shards: queued.shards, flaggedResources: queued.flagged } }, { location });
  };
}

export const sweeps = sweepsHandler(hostRuntime);
