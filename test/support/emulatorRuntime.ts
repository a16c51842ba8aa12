import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator/index.ts";
import { EmulatorCredential } from "../../dev/emulatorCredential.ts";
import { DEFAULT_POLICY, type Policy } from "../../shared/config/policy.ts";
import { silentLogger } from "../../shared/core/index.ts";
import { createRuntime, type GuardRuntime } from "../../shared/workflow/index.ts";

export const SERVICE_APPID = "5a0c3f7e-1111-4c2d-9e8f-000000000001";

export interface EmulatorRuntime {
  emulator: RunningEmulator;
  runtime: GuardRuntime;
}

/** An emulator and a runtime (its ledger in memory, as a CLI run's) whose real SDK clients talk to it over HTTPS, acting as SERVICE_APPID. */
export async function startEmulatorRuntime(options: EmulatorOptions = {}, policy: Policy = DEFAULT_POLICY, extra: { now?: () => Date } = {}): Promise<EmulatorRuntime> {
  const emulator = await startEmulator({ throttle: false, ...options });
  const runtime = await createRuntime({
    arm: { endpoint: emulator.endpoint, ca: emulator.ca, credential: new EmulatorCredential({ appid: SERVICE_APPID }), retry: { retryDelayInMs: 20, maxRetryDelayInMs: 200 } },
    pacer: false,
    policy,
    logger: silentLogger,
    actor: SERVICE_APPID,
    ...extra,
  });
  return { emulator, runtime };
}

export function countRequests(emulator: RunningEmulator, method: string): number {
  return emulator.requests.filter((r) => r.method === method && r.status < 400).length;
}
