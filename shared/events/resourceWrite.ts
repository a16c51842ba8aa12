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

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim().length > 0 ? v : undefined);
const record = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/**
 * CloudEvents 1.0 names its version `specversion`; one of Event Grid's published samples
 * spells it `specVersion`, so both count. An Event Grid schema event has `eventType`.
 */
export function schemaOf(event: Record<string, unknown>): ResourceWrite["schema"] {
  return "specversion" in event || "specVersion" in event ? "cloudevents" : "eventgrid";
}

/** The event's type, from either schema; throws when it has none. */
export function eventTypeOf(event: unknown): string {
  const e = record(event);
  if (!e) throw new MalformedEventError("the event is not a JSON object");
  const type = schemaOf(e) === "cloudevents" ? str(e.type) : (str(e.eventType) ?? str(e.type));
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
  const eventId = str(e.id);
  if (!eventId) throw new MalformedEventError("the event has no id");
  const d = record(e.data);
  if (!d) throw new MalformedEventError("data is missing or not an object");
  const resourceId = str(d.resourceUri) ?? str(e.subject);
  if (!resourceId) throw new MalformedEventError("data.resourceUri is missing");
  if (!resourceId.startsWith("/subscriptions/") && !/^\/subscriptions\//i.test(resourceId)) {
    throw new MalformedEventError(`data.resourceUri ${JSON.stringify(resourceId.slice(0, 120))} is not an ARM resource id`);
  }
  const operationName = str(d.operationName);
  if (!operationName) throw new MalformedEventError("data.operationName is missing");
  const subscriptionId = str(d.subscriptionId) ?? /^\/subscriptions\/([^/]+)/i.exec(resourceId)?.[1];
  if (!subscriptionId) throw new MalformedEventError("data.subscriptionId is missing");
  const claims = record(d.claims) ?? {};
  const optional = {
    callerAppId: str(claims.appid),
    callerObjectId: str(claims[OBJECT_ID_CLAIM]) ?? str(claims.oid),
    correlationId: str(d.correlationId),
    eventTime: schema === "cloudevents" ? str(e.time) : str(e.eventTime),
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
