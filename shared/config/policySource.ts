import { isAbsolute, resolve } from "node:path";
import { loadPolicy, parsePolicy, type Policy } from "./policy.ts";
import type { Settings } from "./settings.ts";

/**
 * The policy the settings name: GUARD_POLICY's text (an app setting, changed without a
 * redeploy) wins over GUARD_POLICY_FILE; neither means the built-in defaults. A relative file
 * path is read from the app root the Functions host reports, not from wherever the worker
 * process happens to start, and from the working directory elsewhere (the CLI, tests).
 */
export async function policyFromSettings(settings: Pick<Settings, "policyText" | "policyFile">, env: Record<string, string | undefined> = process.env): Promise<Policy> {
  if (settings.policyText !== undefined) return parsePolicy(settings.policyText, "GUARD_POLICY");
  if (settings.policyFile === undefined) return loadPolicy(undefined);
  const root = env.AzureWebJobsScriptRoot;
  return loadPolicy(root && !isAbsolute(settings.policyFile) ? resolve(root, settings.policyFile) : settings.policyFile);
}
