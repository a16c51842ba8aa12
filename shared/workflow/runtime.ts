import type { ArmClients } from "../azure/clients.ts";
import type { ResourceAdapter } from "../azure/adapters/index.ts";
import type { Policy } from "../config/policy.ts";
import type { Control } from "../controls/types.ts";
import type { ServiceIdentity } from "../guards/loopGuard.ts";
import type { WorkQueue } from "../queue/workQueue.ts";
import { Ledger } from "../store/ledger.ts";
import type { Recorder } from "../store/types.ts";
import type { Ticketing } from "../tickets/ticketing.ts";
import type { Logger } from "../core/index.ts";

/** Everything a scan needs, built once per host or CLI run. */
export interface GuardRuntime {
  clients: ArmClients;
  policy: Policy;
  /** Where findings and actions are recorded (usually the ledger itself). */
  recorder: Recorder;
  logger: Logger;
  /** The identity recorded on the service's own actions. */
  actor: string;
  /** Plan and record, never write. */
  dryRun?: boolean;
  catalog?: readonly Control[];
  adapters?: readonly ResourceAdapter[];
  now?: () => Date;
  /** The durable ledger: idempotency keys and the guards' memory live there. Absent: one in memory (a CLI run). */
  ledger?: Ledger;
  /** The work queue the event intake and the sweep feed (the Functions app, the demo). */
  queue?: WorkQueue;
  /** Who the service writes to ARM as, to recognise the events of its own writes. */
  identity?: ServiceIdentity;
  /** The subscriptions the service guards (GUARD_SUBSCRIPTION_IDS); empty: the policy's scopes alone decide. */
  subscriptionIds?: readonly string[];
  /** The policy's ticket sinks and their outbox (the recorder feeds it; the ticketOutbox timer delivers it). */
  tickets?: Ticketing;
}

/** Runtimes built by hand (the CLI's) keep their guard state in memory, one ledger per recorder. */
const memoryLedgers = new WeakMap<Recorder, Ledger>();

export function ledgerOf(runtime: GuardRuntime): Ledger {
  if (runtime.ledger) return runtime.ledger;
  let ledger = memoryLedgers.get(runtime.recorder);
  if (!ledger) {
    ledger = Ledger.inMemory();
    memoryLedgers.set(runtime.recorder, ledger);
  }
  return ledger;
}

export function queueOf(runtime: GuardRuntime): WorkQueue {
  if (!runtime.queue) throw new Error("this runtime has no work queue: set GUARD_STORAGE (Azurite locally) so events and sweeps can be queued");
  return runtime.queue;
}

export function nowOf(runtime: GuardRuntime): Date {
  return runtime.now?.() ?? new Date();
}
