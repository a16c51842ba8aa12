import { isBag } from "../core/index.ts";

/** What the service needs from an ARM resource-write event, whatever schema delivered it. */
export interface ResourceWrite {
  eventId: string;
  resourceId: string;
  operationName: string;
  subscriptionId: string;
  schema: "eventgrid" | "cloudevents";
  /** The caller's application id and object id, from the event's claims. */
  callerAppId?: string;
  callerObjectId?: string;
  correlationId?: string;
  eventTime?: string;
}

export const RESOURCE_WRITE_SUCCESS = "Microsoft.Resources.ResourceWriteSuccess";
export const OBJECT_ID_CLAIM = "http://schemas.microsoft.com/identity/claims/objectidentifier";

export class MalformedEventError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "MalformedEventError";
  }
}

/** An event field that is text with something in it, else undefined. */
export const textField = (v: unknown): string | undefined => (typeof v === "string" && v.trim().length > 0 ? v : undefined);
/** An event field that is a JSON object, else undefined. */
export const objectField = (v: unknown): Record<string, unknown> | undefined => (isBag(v) ? v : undefined);

/**
 * CloudEvents 1.0 names its version `specversion`; one of Event Grid's published samples
 * spells it `specVersion`, so both count. An Event Grid schema event has `eventType`.
 */
export function schemaOf(event: Record<string, unknown>): ResourceWrite["schema"] {
  return "specversion" in event || "specVersion" in event ? "cloudevents" : "eventgrid";
}

/** The event's type, from either schema; throws when it has none. */
export function eventTypeOf(event: unknown): string {
  const e = objectField(event);
  if (!e) throw new MalformedEventError("the event is not a JSON object");
  const type = schemaOf(e) === "cloudevents" ? textField(e.type) : (textField(e.eventType) ?? textField(e.type));
  if (!type) throw new MalformedEventError(schemaOf(e) === "cloudevents" ? "the CloudEvent has no type" : "the event has no eventType");
  return type;
}

/**
 * Reads a ResourceWriteSuccess event in the Event Grid schema or as a CloudEvent. Returns
 * undefined for other event types; throws MalformedEventError naming the field that is wrong.
 * Claims may be missing or, in old documentation samples, a placeholder string: then the
 * caller is unknown, which the loop guard treats as someone else.
 */
export function parseResourceWrite(event: unknown): ResourceWrite | undefined {
  const type = eventTypeOf(event);
  if (type !== RESOURCE_WRITE_SUCCESS) return undefined;
  const e = event as Record<string, unknown>;
  const schema = schemaOf(e);
  const eventId = textField(e.id);
  if (!eventId) throw new MalformedEventError("the event has no id");
  const d = objectField(e.data);
  if (!d) throw new MalformedEventError("data is missing or not an object");
  const resourceId = textField(d.resourceUri) ?? textField(e.subject);
  if (!resourceId) throw new MalformedEventError("data.resourceUri is missing");
  if (!resourceId.startsWith("/subscriptions/") && !/^\/subscriptions\//i.test(resourceId)) {
    throw new MalformedEventError(`data.resourceUri ${JSON.stringify(resourceId.slice(0, 120))} is not an ARM resource id`);
  }
  const operationName = textField(d.operationName);
  if (!operationName) throw new MalformedEventError("data.operationName is missing");
  const subscriptionId = textField(d.subscriptionId) ?? /^\/subscriptions\/([^/]+)/i.exec(resourceId)?.[1];
  if (!subscriptionId) throw new MalformedEventError("data.subscriptionId is missing");
  const claims = objectField(d.claims) ?? {};
  const optional = {
    callerAppId: textField(claims.appid),
    callerObjectId: textField(claims[OBJECT_ID_CLAIM]) ?? textField(claims.oid),
    correlationId: textField(d.correlationId),
    eventTime: schema === "cloudevents" ? textField(e.time) : textField(e.eventTime),
  };
  return {
    eventId,
    resourceId,
    operationName,
    subscriptionId,
    schema,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}

/** The resource type an operation name acts on: `Microsoft.Storage/storageAccounts/write` -> `Microsoft.Storage/storageAccounts`. */
export function operationResourceType(operationName: string): string {
  return operationName.replace(/\/(write|delete|action)$/i, "");
}
