import { listDocuments, readDocument, toSdkParameters, type Paged, type SubscriptionClients } from "../azure/index.ts";
import type { ArmDocument, PropertyChange, ResourceId } from "../core/index.ts";
import { readHeldResources, unreadContents, type HeldItem } from "./held.ts";
import type { CollectedDocument, Direction, DocumentWriter, GraphSource, ResourceModule } from "./types.ts";

type Tags = Record<string, string> | null;

/** A child document the controls judge, read beside the resource and classified by its tags. */
export interface ChildRead {
  type: string;
  read(clients: SubscriptionClients, id: ResourceId): Promise<ArmDocument>;
}

/**
 * One resource type declared as data: the operations group of its client and the calls that
 * list, get and update it. Everything else (paging through wire bodies, the SDK's renames,
 * writers, event mapping) follows from this declaration.
 */
export interface ResourceSpec<Ops> {
  type: string;
  /** The api-version the client sends: a test compares it with the wire. */
  apiVersion: string;
  /** The typed package, or why the generic resources API is used instead. */
  client: string;
  names: readonly string[];
  operations(clients: SubscriptionClients): Ops;
  /** A paged SDK list, or documents gathered another way (databases: server by server). */
  list(ops: Ops, clients: SubscriptionClients): Paged | AsyncIterable<ArmDocument>;
  get(ops: Ops, id: ResourceId): Promise<unknown>;
  /** The SDK's update (PATCH, or an LRO that polls to the end); absent for a type no fix writes. */
  update?(ops: Ops, id: ResourceId, parameters: Record<string, unknown>): Promise<unknown>;
  /** Wire path -> SDK model path where the model names a property differently (longest prefix wins). */
  renames?: Readonly<Record<string, string>>;
  /** The SDK model keeps `properties` nested, as on the wire (Key Vault, the generic API). */
  nested?: boolean;
  /** A listed document lacks what the controls read (another api-version): always GET. */
  listIsIncomplete?: boolean;
  /** Adds what ARM keeps outside the resource's own body (a site's config/web, diagnostic settings). */
  complete?(clients: SubscriptionClients, id: ResourceId, doc: ArmDocument): Promise<ArmDocument>;
  /** The tags that classify a document that has none of its own (a server parameter: its server's). */
  inheritTags?(clients: SubscriptionClients, id: ResourceId): Promise<Tags>;
  /** Child documents judged with the resource; they inherit its tags. */
  children?: readonly ChildRead[];
  /**
   * What the resource holds (a backup vault's protected items): read with the tags of each held
   * resource, so the resource takes their classification when it is higher than its own.
   */
  contents?: {
    /** What the list is, in words, for the evidence: `protected items`. */
    source: string;
    items(clients: SubscriptionClients, id: ResourceId): AsyncIterable<HeldItem>;
  };
  /** Further child types whose writes mean the resource must be evaluated again. */
  childTypes?: readonly string[];
  actions: {
    read: readonly string[];
    /** What the update needs; required with `update` or `write`. */
    write?: readonly string[];
    optIn?: readonly string[];
    /** Data actions the write needs (the Key Vault data plane). */
    data?: readonly string[];
  };
  /** A write that goes to more than one place (site and config/web), replacing `update`. */
  write?(ops: Ops, clients: SubscriptionClients, id: ResourceId, changes: readonly PropertyChange[], direction: Direction): Promise<void>;
  /** Writers of child documents (a database's TDE setting). */
  childWriters?: readonly DocumentWriter[];
  /** Where Resource Graph holds the type (shared/resources/graph.ts); absent: listed through ARM. */
  graph?: GraphSource;
}

function isPaged(listing: Paged | AsyncIterable<ArmDocument>): listing is Paged {
  return typeof (listing as Paged).byPage === "function";
}

/** The SDK parameter object for a plain update, as the declaration says the model is shaped. */
export function sdkParameters(spec: Pick<ResourceSpec<unknown>, "renames" | "nested">, changes: readonly PropertyChange[], direction: Direction): Record<string, unknown> {
  return toSdkParameters(changes, direction, spec.renames ?? {}, !spec.nested);
}

function ownWriter<Ops>(spec: ResourceSpec<Ops>): DocumentWriter[] {
  const { update, write } = spec;
  if (!update && !write) return [];
  if (!spec.actions.write) throw new Error(`${spec.type}: a resource that is written declares its write actions`);
  return [
    {
      documentType: spec.type,
      actions: spec.actions.write,
      ...(spec.actions.optIn ? { optInActions: spec.actions.optIn } : {}),
      ...(spec.actions.data ? { dataActions: spec.actions.data } : {}),
      async apply(clients, id, changes, direction) {
        const ops = spec.operations(clients);
        if (write) await write(ops, clients, id, changes, direction);
        else await update!(ops, id, sdkParameters(spec, changes, direction));
      },
    },
  ];
}

/** The held resources, or why they could not be listed: a vault is still judged by its own tag then. */
async function readContents(contents: NonNullable<ResourceSpec<unknown>["contents"]>, clients: SubscriptionClients, id: ResourceId) {
  try {
    return await readHeldResources(clients, id, contents.source, contents.items(clients, id));
  } catch (error) {
    return unreadContents(contents.source, error);
  }
}

/** A resource module from its declaration. */
export function defineResource<Ops>(spec: ResourceSpec<Ops>): ResourceModule {
  const children = spec.children ?? [];
  return {
    type: spec.type,
    apiVersion: spec.apiVersion,
    client: spec.client,
    names: spec.names,
    childTypes: [...new Set([...children.map((c) => c.type), ...(spec.childTypes ?? [])])],
    readActions: spec.actions.read,
    list(clients) {
      const listing = spec.list(spec.operations(clients), clients);
      return isPaged(listing) ? listDocuments(() => listing, `${spec.type} in subscription ${clients.subscriptionId}`) : listing;
    },
    ...(spec.graph ? { graph: spec.graph } : {}),
    async collect(clients, id, listed, graph): Promise<CollectedDocument[]> {
      // The graph holds a type at the api-version its provider reports with: complete as listed.
      const read = graph?.doc ?? (listed && !spec.listIsIncomplete ? listed : await readDocument(() => spec.get(spec.operations(clients), id)));
      const completion = graph?.completion && spec.graph?.completion;
      const doc = completion ? completion.merge(read, graph!.completion!) : spec.complete ? await spec.complete(clients, id, read) : read;
      const inherited = spec.inheritTags ? { inheritedTags: await spec.inheritTags(clients, id) } : {};
      const held = spec.contents ? { contents: await readContents(spec.contents, clients, id) } : {};
      const childDocs = await Promise.all(children.map(async (child) => ({ doc: await child.read(clients, id), inheritedTags: doc.tags ?? null })));
      return [{ doc, ...inherited, ...held, ...(graph ? { source: "resource-graph" as const } : {}) }, ...childDocs];
    },
    writers: [...ownWriter(spec), ...(spec.childWriters ?? [])],
  };
}

/**
 * A type whose typed client pins an api-version that predates the properties the controls
 * judge: ARM leaves them out of such a response and the SDK model drops them from a PATCH. The
 * typed client still lists (and pages) the resources; every read and write goes through the
 * generic resources API at an api-version that has the properties.
 */
export function genericResource(spec: {
  type: string;
  apiVersion: string;
  /** Why the typed client cannot be used: which api-version it pins and what that lacks. */
  why: string;
  names: readonly string[];
  list(clients: SubscriptionClients): Paged;
  graph?: GraphSource;
}): ResourceModule {
  return defineResource({
    type: spec.type,
    apiVersion: spec.apiVersion,
    client: `generic resources API: ${spec.why}`,
    names: spec.names,
    operations: (clients) => clients.resources.resources,
    list: (_ops, clients) => spec.list(clients),
    get: (ops, id) => ops.getById(id.id, spec.apiVersion),
    update: (ops, id, parameters) => ops.updateById(id.id, spec.apiVersion, parameters),
    nested: true,
    listIsIncomplete: true,
    actions: { read: [`${spec.type}/read`], write: [`${spec.type}/write`] },
    ...(spec.graph ? { graph: spec.graph } : {}),
  });
}
