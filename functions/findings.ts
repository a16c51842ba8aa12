import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { z } from "zod";
import { CATALOG, CLASSIFICATION_LEVELS } from "../shared/controls/index.ts";
import { GUARD_ALERTS } from "../shared/guards/index.ts";
import { scopeCheck } from "../shared/workflow/index.ts";
import { hostRuntime, type RuntimeFactory } from "./hostRuntime.ts";
import { authenticate, requireReader } from "./http/auth.ts";
import { json, problem, readQuery } from "./http/problem.ts";

const STATUSES = ["compliant", "noncompliant", "not-applicable", "unknown", "exempt"] as const;
const CONTROL_IDS = [...CATALOG.map((c) => c.id), ...GUARD_ALERTS];
const oneOf = (values: readonly string[], what: string) => z.string().refine((v) => values.includes(v), `unknown ${what}; expected one of ${values.join(", ")}`);

const findingsQuery = z.strictObject({
  control: oneOf(CONTROL_IDS, "control id").optional(),
  status: oneOf(STATUSES, "status").optional(),
  subscription: z.guid("must be a subscription GUID").optional(),
  classification: oneOf(CLASSIFICATION_LEVELS, "classification").optional(),
  limit: z.coerce.number("must be a number").int("must be a whole number").min(1, "must be at least 1").max(1000, "must be at most 1000").default(100),
  continuationToken: z.string().min(1).max(4096, "is longer than 4096 characters").optional(),
  // The function key, when passed the documented way as ?code=: the host checks it, the query ignores it.
  code: z.string().optional(),
});

/**
 * GET /api/findings?control=&status=&subscription=&classification=&limit=&continuationToken=
 * (Reader): the latest finding per resource and control from the ledger, a page at a time.
 */
export function findingsHandler(getRuntime: RuntimeFactory) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const runtime = await getRuntime(context);
    const auth = authenticate(request, runtime.settings.platformAuthentication);
    if ("response" in auth) return auth.response;
    const denied = requireReader(auth.caller);
    if (denied) return denied;
    const read = readQuery(request, findingsQuery);
    if ("response" in read) return read.response;
    const { control, status, subscription, classification, limit, continuationToken } = read.query;
    if (subscription) {
      const allowed = scopeCheck(runtime, `/subscriptions/${subscription}`);
      if (!allowed.ok) return problem(403, "Out of scope", allowed.reason, [{ field: "subscription", message: allowed.reason }]);
    }
    const page = await runtime.ledger.findings.list(
      { ...(subscription ? { subscriptionId: subscription } : {}), ...(control ? { controlId: control } : {}), ...(status ? { status } : {}), ...(classification ? { classification } : {}) },
      { limit, ...(continuationToken ? { continuation: continuationToken } : {}) },
    );
    return json(200, { findings: page.findings, ...(page.continuation ? { continuationToken: page.continuation } : {}) });
  };
}

export const findings = findingsHandler(hostRuntime);
