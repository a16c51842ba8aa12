import type { SubscriptionClients } from "../clients.ts";
import type { ArmDocument, PropertyChange, ResourceId } from "../../core/index.ts";

/** A document to evaluate, and the tags that classify it when it carries none of its own. */
export interface CollectedDocument {
  doc: ArmDocument;
  inheritedTags?: Record<string, string> | null;
}

/** Writes property changes of one evaluated document type through its typed client. */
export interface FixWriter {
  /** The evaluated document type whose changes this writer applies. */
  documentType: string;
  /** The RBAC actions a write needs (the deployment's role is derived from these). */
  actions: readonly string[];
  /** Sets every change's `after` value (or `before`, for a rollback). */
  apply(clients: SubscriptionClients, id: ResourceId, changes: readonly PropertyChange[], direction: "after" | "before"): Promise<void>;
}

/**
 * How one ARM resource type is listed, read and written. The collected documents may be of
 * the type itself (a storage account) or of children the controls judge (a database's TDE).
 */
export interface ResourceAdapter {
  type: string;
  /** Child types whose changes mean this resource must be evaluated again. */
  childTypes: readonly string[];
  /** RBAC actions needed to list and collect. */
  readActions: readonly string[];
  list(clients: SubscriptionClients): AsyncIterable<ArmDocument>;
  /** `listed` is the document from a list call, which saves a GET when it is complete. */
  collect(clients: SubscriptionClients, id: ResourceId, listed?: ArmDocument): Promise<CollectedDocument[]>;
  writers: readonly FixWriter[];
}
