import type { ResourceWrite } from "../events/resourceWrite.ts";

/** The identity the service writes to ARM as: its managed identity's application (client) id and object id. */
export interface ServiceIdentity {
  appId?: string;
  objectId?: string;
}

const same = (a: string | undefined, b: string | undefined) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

/**
 * Whether the service made this write itself: ARM puts the caller's token claims on the event
 * (`appid`, and the object id claim). Such an event is verified, never acted on again, so a fix
 * that does not stick cannot turn into a loop of our own writes.
 */
export function isOwnWrite(write: Pick<ResourceWrite, "callerAppId" | "callerObjectId">, identity: ServiceIdentity | undefined): boolean {
  if (!identity) return false;
  return same(write.callerAppId, identity.appId) || same(write.callerObjectId, identity.objectId);
}
