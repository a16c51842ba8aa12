import type { InvocationContext } from "@azure/functions";
import { parseSettings, SettingsError, type Settings } from "../shared/config/settings.ts";
import { isQueued, runtimeFromSettings, type QueuedRuntime } from "../shared/workflow/index.ts";

/** A handler's runtime for one invocation, logging to that invocation, and the settings it came from. */
export type HostRuntime = QueuedRuntime & { settings: Settings };

/** Gives a handler the runtime for one invocation. */
export type RuntimeFactory = (context: InvocationContext) => Promise<HostRuntime>;

let shared: Promise<HostRuntime> | undefined;

/**
 * The host builds clients, the ledger and the queue, and reads the policy once per worker
 * process; a bad or missing setting or policy fails every invocation loudly with the same
 * message instead of running on defaults.
 */
export const hostRuntime: RuntimeFactory = async (context) => {
  shared ??= (async () => {
    const settings = parseSettings();
    const runtime = await runtimeFromSettings(settings, { logger: console });
    if (!isQueued(runtime)) {
      throw new SettingsError([
        "GUARD_STORAGE: the Functions app keeps its ledger and work queue there; set a connection string (UseDevelopmentStorage=true for Azurite) or GUARD_STORAGE__accountName",
      ]);
    }
    return { ...runtime, settings };
  })();
  const runtime = await shared;
  // Scope checks of subscriptions in the guarded management groups need their membership (cached, refreshed when old).
  await runtime.members.refresh();
  return { ...runtime, logger: context };
};
