import azureFunctions from "@azure/functions";
import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { z } from "zod";
import { scanResource, scopeCheck, sweep, type ScanOutcome } from "../shared/workflow/index.ts";
import { hostRuntime, type RuntimeFactory } from "./hostRuntime.ts";
import { problem, readBody } from "./http/problem.ts";
import { parseResourceId, ResourceIdError } from "../shared/core/index.ts";

// @azure/functions is CommonJS, so Node cannot bind its named exports in an ES module.
const { app } = azureFunctions;

const scanRequestSchema = z.strictObject({
  subscriptionId: z.guid("must be a subscription GUID").optional(),
  resourceId: z.string().min(1).optional(),
  dryRun: z.boolean("must be true or false").optional(),
});

function summarize(outcome: Pick<ScanOutcome, "findings" | "actions">) {
  return {
    findings: outcome.findings.map((f) => ({
      resourceId: f.resourceId,
      controlId: f.controlId,
      status: f.status,
      severity: f.severity,
      evidence: f.evidence,
      decision: f.decision,
      ...(f.reason ? { reason: f.reason } : {}),
    })),
    actions: outcome.actions.map((a) => ({ id: a.id, kind: a.kind, status: a.status, resourceId: a.resourceId, controlId: a.controlId, ...(a.error ? { error: a.error } : {}) })),
  };
}

/** POST /api/scan: scan one resource, one subscription, or every configured subscription. */
export function scanApiHandler(getRuntime: RuntimeFactory) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const read = await readBody(request, scanRequestSchema, "scan request");
    if ("response" in read) return read.response;
    const { subscriptionId, resourceId, dryRun } = read.body;

    const runtime = await getRuntime(context);
    const options = dryRun === undefined ? {} : { dryRun };

    if (resourceId !== undefined) {
      let id;
      try {
        id = parseResourceId(resourceId);
      } catch (error) {
        if (!(error instanceof ResourceIdError)) throw error;
        return problem(400, "Invalid scan request", error.message, [{ field: "resourceId", message: error.message }]);
      }
      const scope = scopeCheck(runtime, id.id);
      if (!scope.ok) return problem(403, "Out of scope", scope.reason, [{ field: "resourceId", message: scope.reason }]);
      return { status: 200, jsonBody: summarize(await scanResource(runtime, id.id, options)) };
    }
    const scope = subscriptionId === undefined ? { ok: true as const } : scopeCheck(runtime, `/subscriptions/${subscriptionId}`);
    if (!scope.ok) return problem(403, "Out of scope", scope.reason, [{ field: "subscriptionId", message: scope.reason }]);
    const subscriptions = subscriptionId ? [subscriptionId] : runtime.settings.subscriptionIds;
    if (subscriptions.length === 0)
      return problem(400, "Nothing to scan", "Give subscriptionId or resourceId; GUARD_SUBSCRIPTION_IDS is empty.", [
        { field: "subscriptionId", message: "required when no subscriptions are configured" },
      ]);
    const outcome = await sweep(runtime, subscriptions, options);
    return { status: 200, jsonBody: { ...summarize(outcome), resources: outcome.resources, errors: outcome.errors, ...(outcome.held ? { held: outcome.held } : {}) } };
  };
}

export const scanApi = scanApiHandler(hostRuntime);

app.http("scan", { methods: ["POST"], authLevel: "function", route: "scan", handler: scanApi });
