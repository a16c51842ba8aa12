import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { z } from "zod";
import { scopeCheck, sweep } from "../shared/workflow/index.ts";
import type { RuntimeFactory } from "./hostRuntime.ts";
import { problem, readBody } from "./http/problem.ts";
import { scanSummary } from "./http/scanSummary.ts";
import { scanOneResource } from "./scanResource.ts";
import { sweepsHandler } from "./sweeps.ts";

/**
 * The routes of the previous release, kept for one more (docs/api.md): `POST /api/scan` and
 * `POST /api/scans` differed by one letter and did different things. They answer as before,
 * with RFC 9745's `Deprecation` header and a `Link` to the route that replaces them.
 */
function deprecated(answer: HttpResponseInit, successor: string): HttpResponseInit {
  return { ...answer, headers: { ...(answer.headers as Record<string, string> | undefined), deprecation: "true", link: `<${successor}>; rel="successor-version"` } };
}

const scanRequestSchema = z.strictObject({
  subscriptionId: z.guid("must be a subscription GUID").optional(),
  resourceId: z.string().min(1).optional(),
  dryRun: z.boolean("must be true or false").optional(),
});

/** POST /api/scan: POST /api/scan-resource for a resource id; otherwise a sweep of the subscription (or every configured one) in this invocation. */
export function legacyScanHandler(getRuntime: RuntimeFactory) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const read = await readBody(request, scanRequestSchema, "scan request");
    if ("response" in read) return deprecated(read.response, "/api/scan-resource");
    const { subscriptionId, resourceId, dryRun } = read.body;
    const runtime = await getRuntime(context);
    if (resourceId !== undefined) return deprecated(await scanOneResource(runtime, resourceId, dryRun), "/api/scan-resource");
    const scope = subscriptionId === undefined ? { ok: true as const } : scopeCheck(runtime, `/subscriptions/${subscriptionId}`);
    if (!scope.ok) return deprecated(problem(403, "Out of scope", scope.reason, [{ field: "subscriptionId", message: scope.reason }]), "/api/sweeps");
    const subscriptions = subscriptionId ? [subscriptionId] : runtime.settings.subscriptionIds;
    if (subscriptions.length === 0) {
      return deprecated(
        problem(400, "Nothing to scan", "Give subscriptionId or resourceId; GUARD_SUBSCRIPTION_IDS is empty.", [{ field: "subscriptionId", message: "required when no subscriptions are configured" }]),
        "/api/sweeps",
      );
    }
    const outcome = await sweep(runtime, subscriptions, dryRun === undefined ? {} : { dryRun });
    return deprecated({ status: 200, jsonBody: { ...scanSummary(outcome), resources: outcome.resources, errors: outcome.errors, ...(outcome.held ? { held: outcome.held } : {}) } }, "/api/sweeps");
  };
}

/** POST /api/scans: POST /api/sweeps under its old name. */
export function legacyScansHandler(getRuntime: RuntimeFactory) {
  const sweeps = sweepsHandler(getRuntime);
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => deprecated(await sweeps(request, context), "/api/sweeps");
}
