import type { InvocationContext } from "@azure/functions";
import { parseSettings, type Settings } from "../shared/config/settings.ts";
import { createRuntime, type GuardRuntime } from "../shared/workflow/index.ts";

/** Gives a handler the runtime for one invocation, logging to that invocation. */
export type RuntimeFactory = (context: InvocationContext) => Promise<GuardRuntime & { settings: Settings }>;

let shared: Promise<GuardRuntime & { settings: Settings }> | undefined;

/**
 * The host builds clients and reads the policy once per worker process; a bad setting or
 * policy fails every invocation loudly with the same message instead of running on defaults.
 */
export const hostRuntime: RuntimeFactory = async (context) => {
  shared ??= (async () => {
    const settings = parseSettings();
    return { ...(await createRuntime(settings, { logger: console })), settings };
  })();
  const runtime = await shared;
  return { ...runtime, logger: context };
};
