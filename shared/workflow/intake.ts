import { covers } from "../resources/index.ts";
import { MalformedEventError, operationResourceType, parseResourceWrite, type ResourceWrite } from "../events/resourceWrite.ts";
import { isOwnWrite } from "../guards/loopGuard.ts";
import type { ResourceWorkItem } from "../queue/workItem.ts";
import type { QueuedRuntime } from "./runtime.ts";
import { targetOf } from "./scanResource.ts";
import { refreshScopes, scopeCheck } from "./scope.ts";
import { ResourceIdError } from "../core/index.ts";

export interface IntakeOutcome {
  /** Work items queued, own-write verifications included. */
  queued: number;
  /** Of those, events of the service's own writes: verified, never acted on. */
  verifyOnly: number;
  /** Events that are not for us: other types, uncovered providers, outside the scopes. */
  ignored: { eventId: string; reason: string }[];
  /** Events that cannot be read: logged and acknowledged, never retried. */
  malformed: { eventId: string; reason: string }[];
}

type Decision = { item: ResourceWorkItem } | { ignored: string };

function idOf(event: unknown): string {
  const id = (event as { id?: unknown } | null)?.id;
  return typeof id === "string" && id ? id : "(no id)";
}

function decide(runtime: QueuedRuntime, write: ResourceWrite): Decision {
  const type = operationResourceType(write.operationName);
  if (!covers(type, runtime.resources)) return { ignored: `resource type ${type} is not covered` };
  const target = targetOf(runtime, write.resourceId);
  if (!target) return { ignored: `resource type of ${write.resourceId} is not covered` };
  const scope = scopeCheck(runtime, target.id.id);
  if (!scope.ok) return { ignored: scope.reason };
  const changedId = target.id.id.toLowerCase() === write.resourceId.replace(/\/+$/, "").toLowerCase() ? {} : { changedId: write.resourceId };
  return {
    item: {
      kind: "resource",
      key: `event:${write.eventId}`,
      resourceId: target.id.id,
      ...changedId,
      origin: "event",
      ...(isOwnWrite(write, runtime.identity) ? { verifyOnly: true } : {}),
      correlationId: write.correlationId ?? write.eventId,
      ...(write.eventTime ? { eventTime: write.eventTime.slice(0, 100) } : {}),
    },
  };
}

/**
 * The event intake, quick enough for Event Grid's 30 seconds: reads each event (Event Grid
 * schema or CloudEvents), keeps ResourceWriteSuccess for covered types, maps a child's event
 * to the resource to evaluate, refuses ids outside the scopes, and queues one work item per
 * event keyed by the event id. Nothing is read from ARM here. Throws only when the queue
 * cannot be written, so that Event Grid delivers the batch again.
 */
export async function intake(runtime: QueuedRuntime, events: readonly unknown[]): Promise<IntakeOutcome> {
  const outcome: IntakeOutcome = { queued: 0, verifyOnly: 0, ignored: [], malformed: [] };
  const items: ResourceWorkItem[] = [];
  // Events come from every subscription of the guarded management groups: know which those are.
  await refreshScopes(runtime);
  for (const event of events) {
    try {
      const write = parseResourceWrite(event);
      if (!write) {
        outcome.ignored.push({ eventId: idOf(event), reason: "not a resource write" });
        continue;
      }
      const decision = decide(runtime, write);
      if ("ignored" in decision) outcome.ignored.push({ eventId: write.eventId, reason: decision.ignored });
      else items.push(decision.item);
    } catch (error) {
      // Reading an event is pure code over untrusted input: whatever it trips on, the event is
      // acknowledged with the reason, since a retry would trip the same way.
      const reason = error instanceof MalformedEventError || error instanceof ResourceIdError ? error.message : `unreadable event: ${String(error)}`;
      outcome.malformed.push({ eventId: idOf(event), reason });
      runtime.logger.warn(`intake: malformed event ${idOf(event)} acknowledged: ${reason}`);
    }
  }
  if (items.length > 0) await runtime.queue.sendAll(items);
  outcome.queued = items.length;
  outcome.verifyOnly = items.filter((i) => i.verifyOnly).length;
  return outcome;
}
