import azureFunctions from "@azure/functions";
import type { InvocationContext, Timer } from "@azure/functions";
import { sweep } from "../shared/workflow/index.ts";
import { hostRuntime, type RuntimeFactory } from "./hostRuntime.ts";

// @azure/functions is CommonJS, so Node cannot bind its named exports in an ES module.
const { app } = azureFunctions;

/** Timer trigger: evaluates every covered resource of the configured subscriptions (drift, missed events). */
export function sweepHandler(getRuntime: RuntimeFactory) {
  return async (_timer: Timer, context: InvocationContext) => {
    const runtime = await getRuntime(context);
    const { subscriptionIds } = runtime.settings;
    if (subscriptionIds.length === 0) {
      context.warn("sweep: GUARD_SUBSCRIPTION_IDS is empty; nothing to sweep");
      return { resources: 0, findings: 0, actions: 0, errors: 0 };
    }
    let lastLogged = 0;
    const outcome = await sweep(runtime, subscriptionIds, {
      onProgress: ({ resourcesDone, resourceType }) => {
        if (resourcesDone - lastLogged >= 100) {
          lastLogged = resourcesDone;
          context.info(`sweep: ${resourcesDone} resources evaluated (now ${resourceType})`);
        }
      },
    });
    for (const { resourceId, error } of outcome.errors) context.error(`sweep: ${resourceId}: ${error}`);
    const summary = { resources: outcome.resources, findings: outcome.findings.length, actions: outcome.actions.length, errors: outcome.errors.length };
    context.info(`sweep: done ${JSON.stringify(summary)}`);
    return summary;
  };
}

export const sweepTimer = sweepHandler(hostRuntime);

app.timer("sweep", { schedule: "%SWEEP_SCHEDULE%", handler: sweepTimer });
