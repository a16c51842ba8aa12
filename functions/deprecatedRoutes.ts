import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { z } from "zod";
import { scopeCheck, sweep, sweepSubscriptions } from "../shared/workflow/index.ts";
import type { RuntimeFactory } from "./hostRuntime.ts";
import { authenticate, requireReader, scanDryRun } from "./http/auth.ts";
import { inProcessSweeps } from "./http/limits.ts";
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
  resourceId: z.string().min(1).max(2048, "is longer than 2048 characters").optional(),
  dryRun: z.boolean("must be true or false").optional(),
});

/**
 * POST /api/scan (Reader; fixing needs Remediator): POST /api/scan-resource for a resource id;
 * otherwise a sweep of the subscription (or every configured one that the policy's scopes also
 * allow) in this invocation, one at a time per instance.
 */
export function legacyScanHandler(getRuntime: RuntimeFactory) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const runtime = await getRuntime(context);
    const auth = authenticate(request, runtime.settings.platformAuthentication);
    if ("response" in auth) return deprecated(auth.response, "/api/scan-resource");
    const denied = requireReader(auth.caller);
    if (denied) return deprecated(denied, "/api/scan-resource");
    const read = await readBody(request, scanRequestSchema, "scan request");
    if ("response" in read) return deprecated(read.response, "/api/scan-resource");
    const { subscriptionId, resourceId, dryRun } = read.body;
    if (resourceId !== undefined) return deprecated(await scanOneResource(runtime, auth.caller, resourceId, dryRun), "/api/scan-resource");
    const scope = subscriptionId === undefined ? { ok: true as const } : scopeCheck(runtime, `/subscriptions/${subscriptionId}`);
    if (!scope.ok) return deprecated(problem(403, "Out of scope", scope.reason, [{ field: "subscriptionId", message: scope.reason }]), "/api/sweeps");
    const subscriptions = sweepSubscriptions(runtime, subscriptionId ? [subscriptionId] : runtime.settings.subscriptionIds).inScope;
    if (subscriptions.length === 0) {
      return deprecated(
        problem(400, "Nothing to scan", "Give subscriptionId or resourceId; no subscription is both in GUARD_SUBSCRIPTION_IDS and the policy's scopes.", [
          { field: "subscriptionId", message: "required when no subscriptions are configured" },
        ]),
        "/api/sweeps",
      );
    }
    const mode = scanDryRun(auth.caller, dryRun);
    if ("response" in mode) return deprecated(mode.response, "/api/sweeps");
    const answer = await inProcessSweeps.run(async () => {
      const outcome = await sweep({ ...runtime, actor: auth.caller.actor }, subscriptions, mode.dryRun === undefined ? {} : { dryRun: mode.dryRun });
      return {
        status: 200,
        jsonBody: { ...scanSummary(outcome), resources: outcome.resources, skipped: outcome.skipped, errors: outcome.errors, ...(outcome.held ? { held: outcome.held } : {}) },
      };
    });
    return deprecated(answer, "/api/sweeps");
  };
}

/** POST /api/scans: POST /api/sweeps under its old name. */
export function legacyScansHandler(getRuntime: RuntimeFactory) {
  const sweeps = sweepsHandler(getRuntime);
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => deprecated(await sweeps(request, context), "/api/sweeps");
}
