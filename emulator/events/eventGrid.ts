import { randomUUID } from "node:crypto";
import { DEMO_TENANT_ID, type CallerIdentity } from "../constants.ts";
import { parseAddress } from "../store/ids.ts";

/** An Event Grid schema event, as Event Grid posts it to a webhook. */
export interface EventGridEvent {
  id: string;
  topic: string;
  subject: string;
  eventType: string;
  eventTime: string;
  data: ResourceEventData;
  dataVersion: string;
  metadataVersion: string;
}

export interface ResourceEventData {
  authorization: { scope: string; action: string; evidence: { role: string } };
  claims: Record<string, string>;
  correlationId: string;
  resourceProvider: string;
  resourceUri: string;
  operationName: string;
  status: "Succeeded";
  subscriptionId: string;
  tenantId: string;
}

export type ResourceOperation = "write" | "delete" | "action";

const EVENT_TYPES: Record<ResourceOperation, string> = {
  write: "Microsoft.Resources.ResourceWriteSuccess",
  delete: "Microsoft.Resources.ResourceDeleteSuccess",
  action: "Microsoft.Resources.ResourceActionSuccess",
};

/**
 * The event ARM raises on a subscription's system topic after a successful operation on a
 * resource: subject and `resourceUri` are the resource id, `operationName` its type plus
 * `/write` (a child's full type: `Microsoft.Sql/servers/databases/transparentDataEncryption/write`),
 * and `claims` carry the caller's app id and object id.
 */
export function resourceEvent(input: {
  operation: ResourceOperation;
  resourceId: string;
  resourceType: string;
  caller: CallerIdentity;
  correlationId: string;
  actionName?: string;
  now?: Date;
}): EventGridEvent {
  const address = parseAddress(input.resourceId);
  const subscriptionId = address?.subscriptionId ?? "";
  const provider = input.resourceType.split("/")[0] ?? "";
  const operationName = `${input.resourceType}/${input.operation === "action" ? (input.actionName ?? "action") : input.operation}`;
  const now = input.now ?? new Date();
  const seconds = Math.floor(now.getTime() / 1000);
  return {
    id: randomUUID(),
    topic: `/subscriptions/${subscriptionId}`,
    subject: input.resourceId,
    eventType: EVENT_TYPES[input.operation],
    eventTime: now.toISOString(),
    data: {
      authorization: { scope: input.resourceId, action: operationName, evidence: { role: "Contributor" } },
      claims: {
        aud: "https://management.azure.com/",
        iss: `https://sts.windows.net/${DEMO_TENANT_ID}/`,
        iat: String(seconds - 60),
        nbf: String(seconds - 60),
        exp: String(seconds + 3600),
        appid: input.caller.appid,
        appidacr: "2",
        "http://schemas.microsoft.com/identity/claims/identityprovider": `https://sts.windows.net/${DEMO_TENANT_ID}/`,
        "http://schemas.microsoft.com/identity/claims/objectidentifier": input.caller.oid,
        "http://schemas.microsoft.com/identity/claims/tenantid": DEMO_TENANT_ID,
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier": input.caller.oid,
        ver: "1.0",
      },
      correlationId: input.correlationId,
      resourceProvider: provider,
      resourceUri: input.resourceId,
      operationName,
      status: "Succeeded",
      subscriptionId,
      tenantId: DEMO_TENANT_ID,
    },
    dataVersion: "2",
    metadataVersion: "1",
  };
}
