import type { ArmDocument } from "../../shared/core/index.ts";

/** How ARM answers a PUT or PATCH of one resource type, as the typed SDK method expects it. */
export interface WriteSpec {
  /**
   * The SDK method is a long-running operation: in async mode the emulator answers
   * 202 + Azure-AsyncOperation. Otherwise (and in sync mode) it answers with the final body.
   */
  lro: boolean;
  /** Status when the write created the resource; updates always answer 200. */
  createdStatus?: 200 | 201;
}

/** What a POST action on a resource changes and what it answers. */
export interface ActionResult {
  /** Documents to merge into the store: each emits a write event. */
  writes: Array<{ id: string; type: string; change: Partial<ArmDocument> }>;
  /** The answer's body, built once the writes are applied. */
  answer(lookup: (id: string) => ArmDocument | undefined): Record<string, unknown>;
}

export interface ActionSpec {
  lro: boolean;
  /** Runs against current state; `body` is the request body. Throws an ArmError on bad input. */
  run(target: ArmDocument, body: unknown, lookup: (id: string) => ArmDocument | undefined): ActionResult;
}

/** Read-only view of the stored documents that presentation hooks may consult. */
export interface DocumentLookup {
  get(id: string): ArmDocument | undefined;
}

/**
 * One resource type of the emulator, declared as data: the routes, success codes and LRO
 * behaviour come from here, the handlers are shared by every type.
 */
export interface ResourceTypeSpec {
  /** Full ARM type in its canonical casing, e.g. `Microsoft.Sql/servers/databases`. */
  type: string;
  /** Absent: PUT is refused with 405. */
  put?: WriteSpec;
  /** Absent: PATCH is refused with 405. */
  patch?: WriteSpec;
  /** The only names a singleton child may take (`current`, `web`). */
  names?: readonly string[];
  /** The SDK reads one page only (it ignores nextLink), so every item goes in one. */
  singlePage?: boolean;
  /** The service reports `properties.provisioningState` (default true). */
  provisioningState?: boolean;
  /** Lives under any resource as `{resourceUri}/providers/{type}/{name}`. */
  extension?: boolean;
  /** Fills what the service always returns (defaults a new resource gets). Mutates `doc`. */
  complete?(doc: ArmDocument): void;
  /** Child documents the service creates with a new resource (a database's TDE state). */
  children?(doc: ArmDocument): ArmDocument[];
  /**
   * Moves the parts of a written document that the service keeps as child resources into
   * those children (a site's `siteConfig` lives in `config/web`). Mutates `doc`; returns the
   * child changes to merge.
   */
  split?(doc: ArmDocument): Array<{ id: string; type: string; change: Partial<ArmDocument> }>;
  /** How a stored document appears on the wire, where the service has quirks (`origin`: the emulator's `https://host:port`). */
  present?(doc: ArmDocument, lookup: DocumentLookup, origin: string): ArmDocument;
  /**
   * A collection ARM gathers from documents of another type deeper under its parent: a vault's
   * `backupProtectedItems` lists its `backupFabrics/…/protectionContainers/…/protectedItems`.
   */
  gathers?: string;
  /**
   * An extension document ARM derives from the resource it is under and never stores: a
   * resource's `providers/Microsoft.Resources/tags/default` is a view of its tags.
   */
  derive?(owner: ArmDocument, id: string): ArmDocument;
  /** POST actions by lower-cased name (`updateconfigurations`). */
  actions?: Record<string, ActionSpec>;
}

/** Any type without a module of its own: stored, read and written synchronously. */
export function genericSpec(type: string): ResourceTypeSpec {
  return { type, put: { lro: false }, patch: { lro: false } };
}
