import type { SubscriptionClients } from "../azure/index.ts";
import type { ArmDocument, HeldResources, PropertyChange, ResourceId } from "../core/index.ts";

/** Where a document was read: ARM itself, or Resource Graph's copy of it (which lags ARM). */
export type DocumentSource = "arm" | "resource-graph";

/** A document to evaluate, and the tags that classify it when it carries none of its own. */
export interface CollectedDocument {
  doc: ArmDocument;
  inheritedTags?: Record<string, string> | null;
  /** What it holds (a backup vault's protected items), whose classification it takes when higher. */
  contents?: HeldResources;
  /** Absent: ARM. A fix is only ever planned on an ARM read (the write lease reads again). */
  source?: DocumentSource;
}

/**
 * Where Resource Graph holds a type, so that a sweep lists it from there instead of paging
 * through ARM subscription by subscription. A module that declares none is listed through ARM.
 */
export interface GraphSource {
  /** The Resource Graph table that holds the type: `resources` for most. */
  table: string;
  /**
   * A child setting `complete` reads from ARM that the graph holds too (a site's config/web, in
   * appserviceresources): joined onto the resource's row and merged as `complete` would, so a
   * graph document needs no ARM read for it. What the graph does not hold is still read from ARM.
   */
  completion?: { table: string; type: string; name: string; merge(doc: ArmDocument, child: ArmDocument): ArmDocument };
}

/** A document listed from Resource Graph, with the child setting joined onto it. */
export interface GraphListing {
  doc: ArmDocument;
  completion?: ArmDocument;
}

/** A fix writes each change's `after`; its rollback writes each `before`. */
export type Direction = "after" | "before";

/** Writes property changes of one document type (the resource's own, or a child's such as a database's TDE). */
export interface DocumentWriter {
  documentType: string;
  /** The ARM actions every such write needs: the deployed role is derived from these. */
  actions: readonly string[];
  /**
   * Actions only some writes need, which the base role leaves out (an opt-in role grants
   * them): an Application Gateway PUT carries its subnets and identities along.
   */
  optInActions?: readonly string[];
  /**
   * Data-plane actions a write needs (a key's rotation policy goes through the vault, not ARM).
   * They go to the role's `dataActions`: never one that reads a secret's value or key material.
   */
  dataActions?: readonly string[];
  apply(clients: SubscriptionClients, id: ResourceId, changes: readonly PropertyChange[], direction: Direction): Promise<void>;
}

/**
 * Everything the service knows of one ARM resource type: how it is listed, read and written,
 * what people call it, which child changes concern it and which ARM actions that takes. The
 * adapter registry, ticket names, the deployed role and the Event Grid filter derive from these.
 */
export interface ResourceModule {
  /** ARM type in its canonical casing. */
  type: string;
  /** The api-version its reads and writes go out with. */
  apiVersion: string;
  /** How it is reached: the typed `@azure/arm-*` package, or why the generic resources API is used. */
  client: string;
  /**
   * The words control pages use in their snippets for the names in its id, one per type
   * segment: `["server", "database"]` fills `<server>` and `<database>`.
   */
  names: readonly string[];
  /** Child types whose writes mean this resource must be evaluated again (TDE -> its database). */
  childTypes: readonly string[];
  /** The ARM actions listing and collecting need. */
  readActions: readonly string[];
  /** The data actions (RBAC `dataActions`) its data-plane reads need: certificate metadata, never a secret value or private key. */
  readDataActions?: readonly string[];
  /**
   * `data`: read from a service's data plane (Key Vault certificates), not ARM: ARM raises no
   * write events for it, so it adds nothing to the Event Grid filter.
   */
  plane?: "data";
  list(clients: SubscriptionClients): AsyncIterable<ArmDocument>;
  /** Where Resource Graph holds the type; absent: a sweep lists it through ARM. */
  graph?: GraphSource;
  /**
   * `listed` is the document from a list call, which saves a GET when it is complete; `graph`
   * the one Resource Graph listed (marked as such on the collected document). Child documents
   * the graph does not hold are read from ARM either way.
   */
  collect(clients: SubscriptionClients, id: ResourceId, listed?: ArmDocument, graph?: GraphListing): Promise<CollectedDocument[]>;
  writers: readonly DocumentWriter[];
}
