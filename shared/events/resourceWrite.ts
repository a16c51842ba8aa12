/** What the service needs from an ARM resource-write event, whatever schema delivered it. */
export interface ResourceWrite {
  eventId: string;
  resourceId: string;
  operationName: string;
  subscriptionId: string;
  /** The caller's application id and object id, from the event's claims. */
  callerAppId?: string;
  callerObjectId?: string;
  correlationId?: string;
  eventTime?: string;
}

export const RESOURCE_WRITE_SUCCESS = "Microsoft.Resources.ResourceWriteSuccess";
const OBJECT_ID_CLAIM = "http://schemas.microsoft.com/identity/claims/objectidentifier";

export class MalformedEventError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "MalformedEventError";
  }
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

/**
 * Reads an Event Grid schema event (or a CloudEvent's `data`) of type ResourceWriteSuccess.
 * Returns undefined for other event types; throws MalformedEventError naming the missing field.
 */
export function parseResourceWrite(event: unknown): ResourceWrite | undefined {
  if (!event || typeof event !== "object") throw new MalformedEventError("event is not an object");
  const e = event as Record<string, unknown>;
  const type = str(e.eventType) ?? str(e.type);
  if (!type) throw new MalformedEventError("event has neither eventType nor type");
  if (type !== RESOURCE_WRITE_SUCCESS) return undefined;
  const data = e.data;
  if (!data || typeof data !== "object") throw new MalformedEventError("event.data is missing");
  const d = data as Record<string, unknown>;
  const resourceId = str(d.resourceUri) ?? str(e.subject);
  if (!resourceId) throw new MalformedEventError("event.data.resourceUri is missing");
  const operationName = str(d.operationName);
  if (!operationName) throw new MalformedEventError("event.data.operationName is missing");
  const claims = d.claims && typeof d.claims === "object" ? (d.claims as Record<string, unknown>) : {};
  const subscriptionId = str(d.subscriptionId) ?? /\/subscriptions\/([^/]+)/i.exec(resourceId)?.[1];
  if (!subscriptionId) throw new MalformedEventError("event.data.subscriptionId is missing");
  const optional = {
    callerAppId: str(claims.appid),
    callerObjectId: str(claims[OBJECT_ID_CLAIM]),
    correlationId: str(d.correlationId),
    eventTime: str(e.eventTime) ?? str(e.time),
  };
  return {
    eventId: str(e.id) ?? "",
    resourceId,
    operationName,
    subscriptionId,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}
