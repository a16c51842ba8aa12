import azureFunctions from "@azure/functions";
import type { EventGridEvent, InvocationContext } from "@azure/functions";
import { MalformedEventError, parseResourceWrite } from "../shared/events/index.ts";
import { scanResource } from "../shared/workflow/index.ts";
import { hostRuntime, type RuntimeFactory } from "./hostRuntime.ts";

// @azure/functions is CommonJS, so Node cannot bind its named exports in an ES module.
const { app } = azureFunctions;

/**
 * Event Grid trigger: an ARM resource was written; re-read it from ARM, evaluate and act.
 * A malformed event is logged and acknowledged: retrying it could never succeed.
 */
export function resourceChangedHandler(getRuntime: RuntimeFactory) {
  return async (event: EventGridEvent, context: InvocationContext): Promise<void> => {
    let write;
    try {
      write = parseResourceWrite(event);
    } catch (error) {
      if (!(error instanceof MalformedEventError)) throw error;
      context.warn(`resourceChanged: ignoring malformed event ${String((event as { id?: unknown })?.id ?? "(no id)")}: ${error.message}`);
      return;
    }
    if (!write) {
      context.info(`resourceChanged: ignoring event type ${event.eventType}`);
      return;
    }
    const runtime = await getRuntime(context);
    const outcome = await scanResource(runtime, write.resourceId, { correlationId: write.correlationId ?? write.eventId });
    const noncompliant = outcome.findings.filter((f) => f.status === "noncompliant").length;
    context.info(
      `resourceChanged: ${write.resourceId}: ${outcome.findings.length} findings, ${noncompliant} non-compliant, ` +
        `actions ${outcome.actions.map((a) => `${a.controlId}=${a.kind}:${a.status}`).join(", ") || "none"}`,
    );
  };
}

export const resourceChanged = resourceChangedHandler(hostRuntime);

app.eventGrid("resourceChanged", { handler: resourceChanged });
