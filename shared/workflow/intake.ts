import { covers } from "../resources/index.ts";
import { MalformedEventError, operationResourceType, parseResourceWrite, schemaOf, type ResourceWrite } from "../events/resourceWrite.ts";
import { parseKeyVaultEvent, type KeyVaultEvent } from "../events/keyVaultEvent.ts";
import { isOwnWrite } from "../guards/loopGuard.ts";
import type { ResourceWorkItem } from "../queue/workItem.ts";
import type { QueuedRuntime } from "./runtime.ts";
import { targetOf } from "./scanResource.ts";
import { refreshScopes, scopeCheck } from "./scope.ts";
import { resourceKey, ResourceIdError } from "../core/index.ts";

/**
 * Events one delivery may carry. The deployed subscription delivers one event at a time
 * (maxEventsPerBatch 1) and Event Grid never sends more than 5,000 in 1 MB; a delivery past
 * this is refused whole, before anything is queued.
 */
export const MAX_EVENTS_PER_DELIVERY = 500;

/** A delivery with more events than MAX_EVENTS_PER_DELIVERY: nothing of it was queued. */
export class DeliveryTooLarge extends RangeError {
  readonly events: number;
  constructor(events: number) {
    super(`a delivery of ${events} events is more than the ${MAX_EVENTS_PER_DELIVERY} the intake takes at once; nothing was queued`);
    this.name = "DeliveryTooLarge";
    this.events = events;
  }
}

export interface IntakeOutcome {
  /** Work items queued, own-write verifications included: at most one per resource per delivery. */
  queued: number;
  /** Events for a resource another event of the same delivery already queued. */
  coalesced: number;
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

/**
 * ARM's events come from the subscription's system topic: the Event Grid schema's `topic` (a
 * CloudEvent's `source`) is `/subscriptions/{id}` of the resource's own subscription. An event
 * that names another topic did not come from there.
 */
function topicProblem(event: unknown, write: ResourceWrite, subscriptionId: string): string | undefined {
  const e = event as Record<string, unknown>;
  const topic = schemaOf(e) === "cloudevents" ? e.source : e.topic;
  const expected = `/subscriptions/${subscriptionId}`.toLowerCase();
  if (topic !== undefined && (typeof topic !== "string" || topic.replace(/\/+$/, "").toLowerCase() !== expected)) {
    return `topic ${JSON.stringify(String(topic).slice(0, 200))} is not the system topic of subscription ${subscriptionId}`;
  }
  if (write.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase()) return `data.subscriptionId ${write.subscriptionId} is not the resource's subscription ${subscriptionId}`;
  return undefined;
}

function decide(runtime: QueuedRuntime, event: unknown, write: ResourceWrite): Decision {
  const type = operationResourceType(write.operationName);
  if (!covers(type, runtime.resources)) return { ignored: `resource type ${type} is not covered` };
  const target = targetOf(runtime, write.resourceId);
  if (!target) return { ignored: `resource type of ${write.resourceId} is not covered` };
  const scope = scopeCheck(runtime, target.id.id);
  if (!scope.ok) return { ignored: scope.reason };
  const foreign = topicProblem(event, write, target.id.subscriptionId);
  if (foreign) return { ignored: foreign };
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
 * A Key Vault event: the object it names (under the topic's vault) is judged again, and for a
 * key, the resources that use it. The vault's topic is the vault itself, so the object's id is
 * built from it; scope is checked on that id.
 */
function decideKeyVault(runtime: QueuedRuntime, event: KeyVaultEvent): Decision {
  const target = targetOf(runtime, event.resourceId);
  if (!target) return { ignored: `${event.eventType}: the object's type is not covered` };
  const scope = scopeCheck(runtime, target.id.id);
  if (!scope.ok) return { ignored: scope.reason };
  return {
    item: {
      kind: "resource",
      key: `event:${event.eventId}`,
      resourceId: target.id.id,
      origin: "event",
      correlationId: event.eventId,
      ...(event.eventTime ? { eventTime: event.eventTime.slice(0, 100) } : {}),
      ...(event.keyEvent ? { keyUsers: true } : {}),
    },
  };
}

/** Two events of one delivery for the same resource become one item: it acts unless both were our own writes. */
function coalesce(first: ResourceWorkItem, next: ResourceWorkItem): ResourceWorkItem {
  if (!first.verifyOnly || next.verifyOnly) return first;
  const { verifyOnly: _verifyOnly, ...acting } = first;
  return acting;
}

/**
 * The event intake, quick enough for Event Grid's 30 seconds: reads each event (Event Grid
 * schema or CloudEvents), keeps ResourceWriteSuccess for covered types, maps a child's event
 * to the resource to evaluate, refuses ids the canonical parser refuses or that lie outside the
 * scopes, and events that did not come from the resource's subscription topic, and queues one
 * work item per resource, keyed by the first event's id. Nothing is read from ARM here. Throws
 * DeliveryTooLarge (nothing queued) for a delivery past MAX_EVENTS_PER_DELIVERY, and otherwise
 * only when the queue cannot be written, so that Event Grid delivers the batch again.
 */
export async function intake(runtime: QueuedRuntime, events: readonly unknown[]): Promise<IntakeOutcome> {
  if (events.length > MAX_EVENTS_PER_DELIVERY) throw new DeliveryTooLarge(events.length);
  const outcome: IntakeOutcome = { queued: 0, coalesced: 0, verifyOnly: 0, ignored: [], malformed: [] };
  const items = new Map<string, ResourceWorkItem>();
  // Events come from every subscription of the guarded management groups: know which those are.
  await refreshScopes(runtime);
  for (const event of events) {
    try {
      const write = parseResourceWrite(event);
      const vaultEvent = write ? undefined : parseKeyVaultEvent(event);
      if (!write && !vaultEvent) {
        outcome.ignored.push({ eventId: idOf(event), reason: "not a resource write or a Key Vault event" });
        continue;
      }
      const decision = write ? decide(runtime, event, write) : decideKeyVault(runtime, vaultEvent!);
      if ("ignored" in decision) {
        outcome.ignored.push({ eventId: idOf(event), reason: decision.ignored });
        continue;
      }
      const key = resourceKey(decision.item.resourceId);
      const queued = items.get(key);
      if (queued) outcome.coalesced += 1;
      items.set(key, queued ? coalesce(queued, decision.item) : decision.item);
    } catch (error) {
      // Reading an event is pure code over untrusted input: whatever it trips on, the event is
      // acknowledged with the reason, since a retry would trip the same way.
      const reason = error instanceof MalformedEventError || error instanceof ResourceIdError ? error.message : `unreadable event: ${String(error)}`;
      outcome.malformed.push({ eventId: idOf(event), reason });
      runtime.logger.warn(`intake: malformed event ${idOf(event)} acknowledged: ${reason}`);
    }
  }
  const work = [...items.values()];
  if (work.length > 0) await runtime.queue.sendAll(work);
  outcome.queued = work.length;
  outcome.verifyOnly = work.filter((i) => i.verifyOnly).length;
  return outcome;
}
