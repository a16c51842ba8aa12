import { ArmError, subscriptionNotFound } from "../server/errors.ts";
import type { ArmAnswer, ArmCall, ArmState } from "./context.ts";
import { handleResourceTarget, resolveResourcePath } from "./resourceRoutes.ts";
import { genericListRoute, operationStatusRoute, resourceGroupRoutes, subscriptionRoutes } from "./tenantRoutes.ts";

const eq = (a: string | undefined, b: string) => a?.toLowerCase() === b;

/** Routes an ARM request by its path segments, matched case-insensitively as ARM does. */
export function routeArm(state: ArmState, call: ArmCall): ArmAnswer {
  const s = call.request.segments;
  if (!eq(s[0], "subscriptions")) throw notFound(call);
  if (s.length === 1) return subscriptionRoutes(state, call);
  const subscriptionId = s[1]!;
  if (!state.store.hasSubscription(subscriptionId)) throw subscriptionNotFound(subscriptionId);
  if (s.length === 2) return subscriptionRoutes(state, call, subscriptionId);
  if (eq(s[2], "resources") && s.length === 3) return genericListRoute(state, call, subscriptionId);
  if (eq(s[2], "providers")) {
    if (s.length === 8 && eq(s[4], "locations") && eq(s[6], "operationstatuses")) return operationStatusRoute(state, call, s[7]!);
    if (s.length === 5) {
      return handleResourceTarget(state, call, { kind: "collection", type: `${s[3]}/${s[4]}`, subscriptionId, extension: false });
    }
    throw notFound(call);
  }
  if (eq(s[2], "resourcegroups")) {
    if (s.length <= 4) return resourceGroupRoutes(state, call, subscriptionId, s[3]);
    if (eq(s[4], "resources") && s.length === 5) return genericListRoute(state, call, subscriptionId, s[3]);
    if (eq(s[4], "providers") && s.length >= 7) return handleResourceTarget(state, call, resolveResourcePath(s, call.request.method));
  }
  throw notFound(call);
}

function notFound(call: ArmCall): ArmError {
  return new ArmError(404, "NotFound", `The emulator has no route for ${call.request.method} ${call.request.path}.`);
}
