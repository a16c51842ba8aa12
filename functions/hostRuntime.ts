import type { InvocationContext } from "@azure/functions";
import { parseSettings, SettingsError, type Settings } from "../shared/config/settings.ts";
import { createRuntime, type GuardRuntime } from "../shared/workflow/index.ts";

/** Gives a handler the runtime for one invocation, logging to that invocation. */
export type RuntimeFactory = (context: InvocationContext) => Promise<GuardRuntime & { settings: Settings }>;

let shared: Promise<GuardRuntime & { settings: Settings }> | undefined;

/**
 * The host builds clients, the ledger and the queue, and reads the policy once per worker
 * process; a bad or missing setting or policy fails every invocation loudly with the same
 * message instead of running on defaults.
 */
export const hostRuntime: RuntimeFactory = async (context) => {
  shared ??= (async () => {
    const settings = parseSettings();
    if (!settings.storage) {
      throw new SettingsError([
        "GUARD_STORAGE: the Functions app keeps its ledger and work queue there; set a connection string (UseDevelopmentStorage=true for Azurite) or GUARD_STORAGE__accountName",
      ]);
    }
    return { ...(await createRuntime(settings, { logger: console })), settings };
  })();
  const runtime = await shared;
  return { ...runtime, logger: context };
};
