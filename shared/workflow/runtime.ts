import type { ArmClients } from "../azure/index.ts";
import type { Policy } from "../config/policy.ts";
import type { Control } from "../controls/types.ts";
import type { Logger } from "../core/index.ts";
import type { ServiceIdentity } from "../guards/loopGuard.ts";
import type { WorkQueue } from "../queue/workQueue.ts";
import type { ResourceModule } from "../resources/index.ts";
import type { Ledger } from "../store/ledger.ts";
import type { Recorder } from "../store/types.ts";
import type { Ticketing } from "../tickets/ticketing.ts";
import type { ManagementGroupMembers } from "./membership.ts";

/** Everything a scan needs, built once per host or command run by createRuntime. */
export interface GuardRuntime {
  clients: ArmClients;
  policy: Policy;
  catalog: readonly Control[];
  resources: readonly ResourceModule[];
  /** Where findings and actions are recorded: the ledger, with the ticket and event outputs around it. */
  recorder: Recorder;
  /** Idempotency keys and the guards' memory: Azure Tables, or memory for one command-line run. */
  ledger: Ledger;
  logger: Logger;
  /** The identity recorded on the service's own actions. */
  actor: string;
  /** Plan and record, never write (GUARD_DRY_RUN): no request can turn it off (effectiveDryRun). */
  dryRun: boolean;
  now(): Date;
  /** The subscriptions the service guards (GUARD_SUBSCRIPTION_IDS); with managementGroups empty too, the policy's scopes alone decide. */
  subscriptionIds: readonly string[];
  /** Management groups whose subscriptions the service guards too (GUARD_MANAGEMENT_GROUPS). */
  managementGroups: readonly string[];
  /** Who is in the management groups of the settings and the policy (refreshed before scope checks that need it). */
  members: ManagementGroupMembers;
  /** Where sweeps list resources: Resource Graph, or ARM list calls (GUARD_SWEEP_SOURCE, else the policy's sweep.source). */
  sweepSource: "graph" | "arm";
  /** The policy's ticket sinks and their outbox, when it names any (the ticketOutbox timer delivers it). */
  tickets?: Ticketing;
}

/** The service as the Functions host runs it: events and sweeps go through the work queue. */
export interface QueuedRuntime extends GuardRuntime {
  queue: WorkQueue;
  /** Who the service writes to ARM as, to recognise the events of its own writes. */
  identity: ServiceIdentity;
}

/**
 * Whether a run writes nothing: when the deployment says so, or when the request asks to. A
 * request can be more careful than the deployment, never less: `dryRun: false` against
 * GUARD_DRY_RUN=true still writes nothing.
 */
export function effectiveDryRun(runtime: Pick<GuardRuntime, "dryRun">, asked: boolean | undefined): boolean {
  return runtime.dryRun || asked === true;
}
