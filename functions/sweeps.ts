import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { enqueueSweep, scopeCheck, targetOf } from "../shared/workflow/index.ts";
import { hostRuntime, type RuntimeFactory } from "./hostRuntime.ts";
import { authenticate, requireReader, scanDryRun } from "./http/auth.ts";
import { json, problem, readBody } from "./http/problem.ts";
import { parseArmScope, ResourceIdError, type ArmScope } from "../shared/core/index.ts";

const scansSchema = z.strictObject({
  scope: z.string("must be a subscription, resource group or resource id").min(1, "must not be empty").max(2048, "is longer than 2048 characters"),
  dryRun: z.boolean("must be true or false").optional(),
});

/**
 * POST /api/sweeps `{scope, dryRun?}` (Reader; fixing needs Remediator): queues a scan of a
 * subscription or resource group (as a sharded sweep) or of one resource, and answers 202 at
 * once; the findings arrive in GET /api/findings. The scope is parsed strictly and checked
 * against the configured scopes before anything is queued.
 */
export function sweepsHandler(getRuntime: RuntimeFactory) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const runtime = await getRuntime(context);
    const auth = authenticate(request, runtime.settings.platformAuthentication);
    if ("response" in auth) return auth.response;
    const denied = requireReader(auth.caller);
    if (denied) return denied;
    const read = await readBody(request, scansSchema, "scan request");
    if ("response" in read) return read.response;
    let scope: ArmScope;
    try {
      scope = parseArmScope(read.body.scope);
    } catch (error) {
      if (!(error instanceof ResourceIdError)) throw error;
      return problem(400, "Invalid scan request", error.message, [{ field: "scope", message: error.message }]);
    }
    const allowed = scopeCheck(runtime, scope.id);
    if (!allowed.ok) return problem(403, "Out of scope", allowed.reason, [{ field: "scope", message: allowed.reason }]);
    const mode = scanDryRun(auth.caller, read.body.dryRun);
    if ("response" in mode) return mode.response;
    const dryRun = mode.dryRun ? { dryRun: true } : {};
    const location = `/api/findings?subscription=${scope.subscriptionId}`;

    if (scope.kind === "resource") {
      const target = targetOf(runtime, scope.id);
      if (!target) return problem(400, "Invalid scan request", `resource type ${scope.resource.type} is not one this service covers`, [{ field: "scope", message: "resource type not covered" }]);
      const scanId = randomUUID();
      await runtime.queue.send({ kind: "resource", key: `api:${scanId}`, resourceId: target.id.id, origin: "api", correlationId: scanId, ...dryRun });
      return json(202, { scanId, scope: scope.id, queued: { resources: 1 } }, { location });
    }
    const queued = await enqueueSweep(runtime, {
      subscriptionIds: [scope.subscriptionId],
      ...(scope.kind === "resourceGroup" ? { resourceGroup: scope.resourceGroup } : {}),
      ...dryRun,
    });
    return json(202, { scanId: queued.sweepId, scope: scope.id, queued: { shards: queued.shards, flaggedResources: queued.flagged } }, { location });
  };
}

export const sweeps = sweepsHandler(hostRuntime);
