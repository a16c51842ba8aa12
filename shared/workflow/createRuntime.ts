import { ArmClients } from "../azure/clients.ts";
import { createCredential } from "../azure/credential.ts";
import { loadPolicy } from "../config/policy.ts";
import { readCaCertificate, type Settings } from "../config/settings.ts";
import { MemoryRecorder } from "../store/memoryRecorder.ts";
import type { GuardRuntime, Logger } from "./runtime.ts";

/** Builds what a scan needs from validated settings; any part can be replaced (a test's recorder, a logger). */
export async function createRuntime(settings: Settings, overrides: Partial<GuardRuntime> & { logger: Logger }): Promise<GuardRuntime> {
  const ca = await readCaCertificate(settings.armCaCertFile);
  const clients =
    overrides.clients ??
    new ArmClients({
      endpoint: settings.armEndpoint,
      ...(ca ? { ca } : {}),
      credential: createCredential(settings.credential, settings.managedIdentityClientId),
    });
  return {
    clients,
    policy: overrides.policy ?? (await loadPolicy(settings.policyFile)),
    recorder: overrides.recorder ?? new MemoryRecorder(),
    actor: overrides.actor ?? settings.actor,
    dryRun: overrides.dryRun ?? settings.dryRun,
    ...overrides,
  };
}
