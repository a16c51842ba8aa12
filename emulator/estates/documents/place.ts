import type { ArmDocument } from "../../../shared/core/index.ts";

/** Where a sample resource lives. */
export interface Place {
  subscriptionId: string;
  resourceGroup: string;
  location: string;
}

/** What every builder takes besides its own settings. */
export interface Common {
  tags?: Record<string, string>;
}

export function idOf(place: Place, providerType: string, name: string): string {
  return `/subscriptions/${place.subscriptionId}/resourceGroups/${place.resourceGroup}/providers/${providerType}/${name}`;
}

/** A tracked (top-level) resource: id, name, type, location and tags. */
export function tracked(place: Place, type: string, name: string, common: Common, rest: Omit<ArmDocument, "id" | "type">): ArmDocument {
  return {
    id: idOf(place, type, name),
    name,
    type,
    location: place.location,
    ...(common.tags ? { tags: { ...common.tags } } : {}),
    ...rest,
  };
}

/** Leaves out the keys whose value is undefined, so "absent" stays absent in a document. */
export function defined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A stable GUID-shaped id derived from a name (sample object ids, tenant-scoped ids). */
export function guidFrom(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const char of text) {
    h1 = Math.imul(h1 ^ char.charCodeAt(0), 16777619) >>> 0;
    h2 = Math.imul(h2 ^ char.charCodeAt(0), 2246822519) >>> 0;
  }
  const hex = (h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0")).repeat(2);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
