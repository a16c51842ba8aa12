/**
 * A queue worker process that is killed (SIGKILL, no clean-up) right after its ARM write,
 * before the outcome reaches the ledger: the reliability harness's crash case. Its settings
 * come as JSON in CRASH_WORKER.
 */
import "../../dev/outsideHost.ts";
import type { RuntimeFactory } from "../../functions/hostRuntime.ts";
import { asQueueTrigger } from "../../dev/localHost.ts";
import { workerHandler } from "../../functions/worker.ts";
import type { Policy } from "../../shared/config/policy.ts";
import { parseSettings } from "../../shared/config/settings.ts";
import { drainQueue } from "../../shared/queue/index.ts";
import type { Recorder } from "../../shared/store/index.ts";
import { silentLogger } from "../../shared/core/index.ts";
import { localRuntime } from "../../dev/localRuntime.ts";

const config = JSON.parse(process.env.CRASH_WORKER ?? "{}") as {
  endpoint: string;
  ca: string;
  connectionString: string;
  identity: { appId: string; objectId: string };
  subscriptionId: string;
  tablePrefix: string;
  queueName: string;
  policy: Policy;
};

const runtime = await localRuntime({ ...config, logger: silentLogger, subscriptionIds: [config.subscriptionId] });
const ledger = runtime.ledger;
/** Records as usual, except that the first outcome of a fix is never recorded: the process dies there. */
const dying: Recorder = {
  recordFindings: (findings, at) => ledger.recordFindings(findings, at),
  async recordAction(action) {
    if (action.kind === "remediation" && action.status !== "intent") process.kill(process.pid, "SIGKILL");
    await ledger.recordAction(action);
  },
};
const settings = parseSettings({ GUARD_SUBSCRIPTION_IDS: config.subscriptionId, GUARD_STORAGE: config.connectionString, GUARD_TABLE_PREFIX: config.tablePrefix });
const factory: RuntimeFactory = async (context) => ({ ...runtime, recorder: dying, logger: context, settings });
// A short visibility timeout, so the message is back for the next worker soon after the kill.
await drainQueue(runtime.queue, asQueueTrigger(workerHandler(factory)), { concurrency: 1, visibilityTimeoutSeconds: 2 });
