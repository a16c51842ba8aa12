import { ADAPTERS } from "../azure/adapters/index.ts";
import { parseResourceId } from "../azure/resourceId.ts";
import type { GuardRuntime } from "./runtime.ts";
import { scanTarget, type ScanOutcome } from "./scanResource.ts";

export interface SweepProgress {
  subscriptionId: string;
  resourceType: string;
  resourcesDone: number;
}

export interface SweepOptions {
  dryRun?: boolean;
  /** Resources evaluated at once; ARM's rate limits, not the CPU, are the bound. */
  concurrency?: number;
  /** Only these resource types (case-insensitive); all covered types when absent. */
  resourceTypes?: readonly string[];
  onProgress?(progress: SweepProgress): void;
}

export interface SweepOutcome extends ScanOutcome {
  resources: number;
  errors: { resourceId: string; error: string }[];
}

/** Lists every covered resource of the subscriptions and scans each, a few at a time. */
export async function sweep(runtime: GuardRuntime, subscriptionIds: readonly string[], options: SweepOptions = {}): Promise<SweepOutcome> {
  const outcome: SweepOutcome = { findings: [], actions: [], resources: 0, errors: [] };
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const wanted = options.resourceTypes?.map((t) => t.toLowerCase());
  const adapters = (runtime.adapters ?? ADAPTERS).filter((a) => !wanted || wanted.includes(a.type.toLowerCase()));

  for (const subscriptionId of subscriptionIds) {
    const clients = runtime.clients.forSubscription(subscriptionId);
    for (const adapter of adapters) {
      const inFlight = new Set<Promise<void>>();
      for await (const listed of adapter.list(clients)) {
        const task = scanTarget(runtime, { adapter, id: parseResourceId(listed.id) }, { listed, ...(options.dryRun ? { dryRun: true } : {}) })
          .then((result) => {
            outcome.findings.push(...result.findings);
            outcome.actions.push(...result.actions);
          })
          .catch((error: unknown) => {
            outcome.errors.push({ resourceId: listed.id, error: error instanceof Error ? error.message : String(error) });
          })
          .finally(() => {
            inFlight.delete(task);
            outcome.resources += 1;
            options.onProgress?.({ subscriptionId, resourceType: adapter.type, resourcesDone: outcome.resources });
          });
        inFlight.add(task);
        if (inFlight.size >= concurrency) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    }
  }
  return outcome;
}
