import type { ArmClients } from "../azure/clients.ts";
import type { ResourceAdapter } from "../azure/adapters/index.ts";
import type { Policy } from "../config/policy.ts";
import type { Control } from "../controls/types.ts";
import type { Recorder } from "../store/types.ts";

/** Matches the Functions InvocationContext's logging methods, and console. */
export interface Logger {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** Everything a scan needs, built once per host or CLI run. */
export interface GuardRuntime {
  clients: ArmClients;
  policy: Policy;
  recorder: Recorder;
  logger: Logger;
  /** The identity recorded on the service's own actions. */
  actor: string;
  /** Plan and record, never write. */
  dryRun?: boolean;
  catalog?: readonly Control[];
  adapters?: readonly ResourceAdapter[];
  now?: () => Date;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
