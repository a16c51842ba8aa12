import type { Catalog } from "../resources/index.ts";
import { keyOf, parseAddress, resourceGroupKey } from "./ids.ts";
import { clone, deepMerge } from "./merge.ts";
import type { ArmDocument } from "../../shared/core/index.ts";

export interface ResourceGroup {
  id: string;
  subscriptionId: string;
  name: string;
  location: string;
  tags?: Record<string, string>;
}

/** Narrows `list`: every given field must match (case-insensitively), or a predicate. */
export type ListFilter =
  | {
      type?: string;
      subscriptionId?: string;
      resourceGroup?: string;
      /** Direct children (or extension resources) of this resource id. */
      parentId?: string;
    }
  | ((doc: ArmDocument) => boolean);

interface Entry {
  doc: ArmDocument;
  subscription: string;
  group: string;
  type: string;
  parent: string | undefined;
}

/**
 * The emulator's state: ARM documents keyed by lower-cased id, with the subscriptions and
 * resource groups they live in. Reads hand out copies, so a caller can never change state
 * behind the emulator's back; `put` and `delete` change it without any event.
 */
export class ResourceStore {
  readonly #catalog: Catalog;
  readonly #entries = new Map<string, Entry>();
  readonly #groups = new Map<string, ResourceGroup>();
  readonly #subscriptions = new Map<string, string>();
  /** Sorted keys per lower-cased type, so paging is stable and cheap on large estates. */
  readonly #sortedByType = new Map<string, string[]>();
  #observer: ((key: string, before: ArmDocument | undefined, after: ArmDocument | undefined) => void) | undefined;

  constructor(catalog: Catalog, subscriptionIds: readonly string[]) {
    this.#catalog = catalog;
    for (const id of subscriptionIds) this.addSubscription(id);
  }

  /** Told of every change from now on, with the document before and after it (the graph's lagging copy). */
  observe(observer: (key: string, before: ArmDocument | undefined, after: ArmDocument | undefined) => void): void {
    this.#observer = observer;
  }

  get subscriptions(): string[] {
    return [...this.#subscriptions.values()];
  }

  addSubscription(subscriptionId: string): void {
    const key = subscriptionId.toLowerCase();
    if (!this.#subscriptions.has(key)) this.#subscriptions.set(key, subscriptionId);
  }

  hasSubscription(subscriptionId: string): boolean {
    return this.#subscriptions.has(subscriptionId.toLowerCase());
  }

  /** The subscription id in the casing it was registered with. */
  subscriptionId(subscriptionId: string): string | undefined {
    return this.#subscriptions.get(subscriptionId.toLowerCase());
  }

  resourceGroup(subscriptionId: string, name: string): ResourceGroup | undefined {
    const group = this.#groups.get(resourceGroupKey(subscriptionId, name));
    return group && clone(group);
  }

  resourceGroups(subscriptionId: string): ResourceGroup[] {
    return [...this.#groups.values()].filter((g) => g.subscriptionId.toLowerCase() === subscriptionId.toLowerCase()).map(clone);
  }

  putResourceGroup(group: Omit<ResourceGroup, "id">): ResourceGroup {
    this.addSubscription(group.subscriptionId);
    const key = resourceGroupKey(group.subscriptionId, group.name);
    const existing = this.#groups.get(key);
    const stored: ResourceGroup = {
      id: existing?.id ?? `/subscriptions/${this.subscriptionId(group.subscriptionId)}/resourceGroups/${group.name}`,
      subscriptionId: existing?.subscriptionId ?? this.subscriptionId(group.subscriptionId)!,
      name: existing?.name ?? group.name,
      location: group.location,
      ...(group.tags ? { tags: { ...group.tags } } : {}),
    };
    this.#groups.set(key, stored);
    return clone(stored);
  }

  /** Removes a resource group and everything in it. */
  deleteResourceGroup(subscriptionId: string, name: string): boolean {
    const key = resourceGroupKey(subscriptionId, name);
    if (!this.#groups.delete(key)) return false;
    for (const [id, entry] of this.#entries) if (entry.group === key) this.#remove(id);
    return true;
  }

  has(id: string): boolean {
    return this.#entries.has(keyOf(id));
  }

  get(id: string): ArmDocument | undefined {
    const entry = this.#entries.get(keyOf(id));
    return entry && clone(entry.doc);
  }

  list(filter?: ListFilter): ArmDocument[] {
    return this.#select(filter).map((entry) => clone(entry.doc));
  }

  /**
   * Stores a document as given (replacing any previous one), after the service's own
   * normalisation: defaults a real resource always has, parts the service keeps as child
   * resources, and the default children of a new resource. No event is emitted.
   */
  put(doc: ArmDocument): ArmDocument {
    return clone(this.#put(doc));
  }

  /** Stores many documents, as `put` does each, without copying them back (loading an estate). */
  putAll(docs: Iterable<ArmDocument>): void {
    for (const doc of docs) this.#put(doc);
  }

  #put(doc: ArmDocument): ArmDocument {
    const normalized = this.#normalize(doc);
    const created = !this.has(normalized.id);
    const spec = this.#catalog.spec(normalized.type);
    spec.complete?.(normalized);
    const parts = spec.split?.(normalized) ?? [];
    this.#save(normalized);
    if (created) {
      for (const child of spec.children?.(normalized) ?? []) if (!this.has(child.id)) this.#put(child);
    }
    for (const part of parts) this.#mergeChild(part.id, part.type, part.change);
    return normalized;
  }

  /**
   * Merges a change into a stored document (objects merge, everything else replaces; tags
   * replace unless `mergeTags`), with the same normalisation as `put`. Returns the result.
   */
  merge(id: string, change: Partial<ArmDocument>, options: { mergeTags?: boolean } = {}): ArmDocument {
    const entry = this.#entries.get(keyOf(id));
    if (!entry) throw new Error(`no resource ${id} in the emulator's store`);
    const { id: _id, name: _name, type: _type, tags, ...rest } = change;
    let merged = deepMerge(entry.doc, rest);
    if (tags !== undefined) merged = { ...merged, tags: options.mergeTags && tags ? { ...(entry.doc.tags ?? {}), ...tags } : clone(tags) };
    const spec = this.#catalog.spec(merged.type);
    spec.complete?.(merged);
    for (const part of spec.split?.(merged) ?? []) this.#mergeChild(part.id, part.type, part.change);
    this.#save(merged);
    return clone(merged);
  }

  /** Deletes a resource with its children and extension resources. */
  delete(id: string): boolean {
    const key = keyOf(id);
    if (!this.#entries.has(key)) return false;
    for (const other of [...this.#entries.keys()]) if (other === key || other.startsWith(key + "/")) this.#remove(other);
    return true;
  }

  /** Keys of one type (or of all documents) in sorted order; paging walks this. */
  sortedKeys(type: string | undefined, filter?: ListFilter): string[] {
    const typeKey = type?.toLowerCase() ?? "*";
    let sorted = this.#sortedByType.get(typeKey);
    if (!sorted) {
      sorted = [...this.#entries.entries()]
        .filter(([, e]) => typeKey === "*" || e.type === typeKey)
        .map(([k]) => k)
        .sort();
      this.#sortedByType.set(typeKey, sorted);
    }
    if (!filter) return sorted;
    const matches = matcher(filter);
    return sorted.filter((k) => matches(this.#entries.get(k)!));
  }

  /** The stored document itself (no copy): for the emulator's own read paths only. */
  peek(id: string): ArmDocument | undefined {
    return this.#entries.get(keyOf(id))?.doc;
  }

  get size(): number {
    return this.#entries.size;
  }

  #select(filter: ListFilter | undefined): Entry[] {
    const matches = matcher(filter);
    return [...this.#entries.values()].filter(matches);
  }

  #normalize(input: ArmDocument): ArmDocument {
    if (typeof input?.id !== "string" || typeof input.type !== "string") {
      throw new Error(`an ARM document needs string "id" and "type"; got ${JSON.stringify(input)?.slice(0, 200)}`);
    }
    const doc = clone(input);
    // Some services report a child under its parent's id (SQL TDE answers with the database
    // id and name "current"); the store keys such a document by its own full id.
    const address = parseAddress(doc.id);
    if (address && address.type.toLowerCase() !== doc.type.toLowerCase() && doc.type.toLowerCase().startsWith(address.type.toLowerCase() + "/")) {
      const childSegment = doc.type.split("/").pop()!;
      doc.id = `${address.id}/${childSegment}/${doc.name ?? "default"}`;
    }
    const parsed = parseAddress(doc.id);
    if (!parsed) throw new Error(`the document id ${JSON.stringify(doc.id)} is not an ARM resource id under a resource group`);
    doc.name ??= parsed.name;
    this.addSubscription(parsed.subscriptionId);
    if (!this.#groups.has(resourceGroupKey(parsed.subscriptionId, parsed.resourceGroup))) {
      this.putResourceGroup({ subscriptionId: parsed.subscriptionId, name: parsed.resourceGroup, location: doc.location ?? "westeurope" });
    }
    return doc;
  }

  #mergeChild(id: string, type: string, change: Partial<ArmDocument>): void {
    if (this.has(id)) this.merge(id, change);
    else this.#put({ ...change, id, type } as ArmDocument);
  }

  #save(doc: ArmDocument): void {
    const address = parseAddress(doc.id)!;
    const key = keyOf(doc.id);
    const type = address.type.toLowerCase();
    const before = this.#entries.get(key)?.doc;
    if (!before) this.#forgetOrder(type);
    this.#entries.set(key, {
      doc,
      subscription: address.subscriptionId.toLowerCase(),
      group: resourceGroupKey(address.subscriptionId, address.resourceGroup),
      type,
      parent: address.parentId ? keyOf(address.parentId) : undefined,
    });
    this.#observer?.(key, before, doc);
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#forgetOrder(entry.type);
    this.#observer?.(key, entry.doc, undefined);
  }

  #forgetOrder(type: string): void {
    this.#sortedByType.delete(type);
    this.#sortedByType.delete("*");
  }
}

function matcher(filter: ListFilter | undefined): (entry: Entry) => boolean {
  if (!filter) return () => true;
  if (typeof filter === "function") return (e) => filter(clone(e.doc));
  const type = filter.type?.toLowerCase();
  const sub = filter.subscriptionId?.toLowerCase();
  const groupName = filter.resourceGroup?.toLowerCase();
  const parent = filter.parentId ? keyOf(filter.parentId) : undefined;
  return (e) => (!type || e.type === type) && (!sub || e.subscription === sub) && (!groupName || e.group.endsWith("/resourcegroups/" + groupName)) && (!parent || e.parent === parent);
}
