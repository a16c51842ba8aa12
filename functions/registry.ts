/**
 * Every function the app offers, registered with the host at import, each handler's code loaded
 * on its first invocation. A cold start then pays for `@azure/functions` and this file only: the
 * Event Grid webhook answers its validation handshake without loading the workflow, and nothing
 * loads the `@azure/arm-*` clients until a runtime is built. The bundle (scripts/build.ts) splits
 * each handler's module into a chunk of its own.
 */
import azureFunctions from "@azure/functions";
import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { WORK_QUEUE } from "../shared/queue/queueNames.ts";

// @azure/functions is CommonJS, so Node cannot bind its named exports in an ES module.
const { app } = azureFunctions;

export const DEFAULT_KEY_ACCESS_SCHEDULE = "0 */15 * * * *";
export const DEFAULT_TICKET_OUTBOX_SCHEDULE = "0 */1 * * * *";
export const DEFAULT_CLEANUP_SCHEDULE = "0 30 3 * * *";

/** A handler that loads itself on first use (once, shared by concurrent invocations). */
function lazy<Args extends unknown[], Result>(load: () => Promise<(...args: Args) => Promise<Result>>): (...args: Args) => Promise<Result> {
  let loaded: Promise<(...args: Args) => Promise<Result>> | undefined;
  return async (...args) => {
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return (await loaded)(...args);
  };
}

type Http = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;
const http = (load: () => Promise<Http>) => lazy(load);

/** A timer's schedule: the setting when it is set (a setting named in %...% must exist or the host refuses to start), else the default. */
const schedule = (setting: string, fallback: string) => (process.env[setting] ? `%${setting}%` : fallback);

app.eventGrid("resourceChanged", { handler: lazy(async () => (await import("./resourceChanged.ts")).resourceChanged) });
app.storageQueue("worker", { queueName: WORK_QUEUE, connection: "GUARD_STORAGE", handler: lazy(async () => (await import("./worker.ts")).worker) });
app.timer("sweep", { schedule: "%SWEEP_SCHEDULE%", handler: lazy(async () => (await import("./sweepTimer.ts")).sweepTimer) });
app.http("scanResource", { methods: ["POST"], authLevel: "function", route: "scan-resource", handler: http(async () => (await import("./scanResource.ts")).scanResourceFunction) });
app.http("sweeps", { methods: ["POST"], authLevel: "function", route: "sweeps", handler: http(async () => (await import("./sweeps.ts")).sweeps) });
app.http("scan", {
  methods: ["POST"],
  authLevel: "function",
  route: "scan",
  handler: http(async () => (await import("./deprecatedRoutes.ts")).legacyScanHandler((await import("./hostRuntime.ts")).hostRuntime)),
});
app.http("scans", {
  methods: ["POST"],
  authLevel: "function",
  route: "scans",
  handler: http(async () => (await import("./deprecatedRoutes.ts")).legacyScansHandler((await import("./hostRuntime.ts")).hostRuntime)),
});
app.http("findings", { methods: ["GET"], authLevel: "function", route: "findings", handler: http(async () => (await import("./findings.ts")).findings) });
app.http("remediations", { methods: ["POST"], authLevel: "function", route: "remediations", handler: http(async () => (await import("./remediations.ts")).remediations) });
app.http("getAction", { methods: ["GET"], authLevel: "function", route: "actions/{id}", handler: http(async () => (await import("./actions.ts")).getAction) });
app.http("rollbackAction", { methods: ["POST"], authLevel: "function", route: "actions/{id}/rollback", handler: http(async () => (await import("./actions.ts")).rollbackAction) });
app.http("clearException", { methods: ["POST"], authLevel: "function", route: "exceptions/clear", handler: http(async () => (await import("./exceptions.ts")).clearException) });
app.timer("keyAccess", { schedule: schedule("KEY_ACCESS_SCHEDULE", DEFAULT_KEY_ACCESS_SCHEDULE), handler: lazy(async () => (await import("./keyAccess.ts")).keyAccessTimer) });
app.timer("ticketOutbox", { schedule: schedule("TICKET_OUTBOX_SCHEDULE", DEFAULT_TICKET_OUTBOX_SCHEDULE), handler: lazy(async () => (await import("./ticketOutbox.ts")).ticketOutboxTimer) });
app.timer("cleanup", { schedule: schedule("CLEANUP_SCHEDULE", DEFAULT_CLEANUP_SCHEDULE), handler: lazy(async () => (await import("./cleanup.ts")).cleanupTimer) });
