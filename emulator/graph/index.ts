import { createHash, randomUUID } from "node:crypto";
import type { Catalog } from "../resources/index.ts";
import { ArmError } from "../server/errors.ts";
import { keyOf } from "../store/ids.ts";
import type { ResourceStore } from "../store/store.ts";
import { GraphQueryError, parseGraphQuery, type GraphQuery } from "./query.ts";
import type { ArmDocument } from "../../shared/core/index.ts";

export interface GraphOptions {
  /** Queries per user per window (Resource Graph's default: 15 in 5 seconds). */
  quota?: number;
  windowMs?: number;
  /** How far the graph's copy lags ARM: a change shows in query results this long after it was made (default 0). */
  lagMs?: number;
  /** Management groups by name and the subscriptions in each. */
  managementGroups?: Record<string, readonly string[]>;
}

export const GRAPH_PATH = /^\/providers\/microsoft\.resourcegraph\/resources$/i;
const MAX_TOP = 1000;
const DEFAULT_TOP = 100;

/** Columns a `resources` row has (the document's, and what the graph adds). */
const RESOURCE_COLUMNS = new Set([
  "id",
  "name",
  "type",
  "kind",
  "location",
  "tags",
  "sku",
  "identity",
  "zones",
  "properties",
  "managedBy",
  "plan",
  "tenantId",
  "resourceGroup",
  "subscriptionId",
  "completion",
]);
const CONTAINER_COLUMNS = new Set(["id", "name", "type", "subscriptionId"]);

interface Version {
  at: number;
  doc: ArmDocument | undefined;
}

function supportMessage(): string {
  return `Please provide below info when asking for support: timestamp = ${new Date().toISOString()}, correlationId = ${randomUUID()}.`;
}

/** Resource Graph's answer to a query it cannot read: BadRequest, with InvalidQuery and the parser's complaint. */
function invalidQuery(error: GraphQueryError): ArmError {
  return new GraphError(400, "BadRequest", [
    { code: "InvalidQuery", message: "Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying." },
    { code: "ParserFailure", message: "ParserFailure", line: 1, characterPositionInLine: error.position, token: error.token.slice(0, 200) },
  ]);
}

/** Resource Graph's error body: a support line as the message, the reasons in `details`. */
class GraphError extends ArmError {
  readonly details: Record<string, unknown>[];
  constructor(status: number, code: string, details: Record<string, unknown>[], headers: Record<string, string> = {}) {
    super(status, code, supportMessage(), headers);
    this.details = details;
  }
  override get body() {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

const badRequest = (message: string) => new GraphError(400, "BadRequest", [{ code: "InvalidRequest", message }]);

/** hh:mm:ss, whole seconds rounded up, as `x-ms-user-quota-resets-after` carries it. */
function hms(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}

/**
 * Resource Graph's query API over the emulator's store: the product's query shapes, paged by
 * `$skipToken` in id order, with the per-user quota and its headers, 429 past it, and an optional
 * lag so a graph document can be older than ARM's.
 */
export class GraphService {
  readonly #store: ResourceStore;
  readonly #catalog: Catalog;
  readonly #now: () => number;
  readonly #quota: number;
  readonly #windowMs: number;
  #lagMs: number;
  readonly #managementGroups: Map<string, readonly string[]>;
  readonly #windows = new Map<string, { start: number; used: number }>();
  /** Versions of documents changed since the emulator started, for a lagging view. */
  readonly #versions = new Map<string, Version[]>();
  /** Queries answered (200), for benchmarks. */
  queries = 0;
  /** The emulator's `https://host:port`, set once it listens (documents that name it, as a vault's URI does). */
  origin = "";

  constructor(store: ResourceStore, catalog: Catalog, now: () => number, options: GraphOptions = {}) {
    this.#store = store;
    this.#catalog = catalog;
    this.#now = now;
    this.#quota = options.quota ?? 15;
    this.#windowMs = options.windowMs ?? 5000;
    this.#lagMs = options.lagMs ?? 0;
    this.#managementGroups = new Map(Object.entries(options.managementGroups ?? {}).map(([name, subs]) => [name.toLowerCase(), subs]));
    if (!(this.#quota >= 1) || !(this.#windowMs > 0) || !(this.#lagMs >= 0)) throw new Error(`graph needs quota >= 1, windowMs > 0 and lagMs >= 0, got ${JSON.stringify(options)}`);
    store.observe((key, before, after) => this.#changed(key, before, after));
  }

  set lagMs(ms: number) {
    this.#lagMs = ms;
  }

  /** Keeps each version of a changed document from the time it was made, so a lagging view can answer with an older one. */
  #changed(key: string, before: ArmDocument | undefined, after: ArmDocument | undefined): void {
    let versions = this.#versions.get(key);
    if (!versions) {
      versions = [{ at: Number.NEGATIVE_INFINITY, doc: before }];
      this.#versions.set(key, versions);
    }
    versions.push({ at: this.#now(), doc: after });
  }

  /** The document as the graph holds it at `at`: the latest version made no later than that. */
  #docAt(key: string, at: number): ArmDocument | undefined {
    const versions = this.#versions.get(key);
    if (!versions || this.#lagMs === 0) return this.#store.peek(key);
    let found = versions[0]!;
    for (const version of versions) if (version.at <= at) found = version;
    return found.doc;
  }

  /** Takes one query from the caller's window; a 429 past the quota. */
  #take(caller: string): Record<string, string> {
    const now = this.#now();
    let window = this.#windows.get(caller);
    if (!window || now - window.start >= this.#windowMs) {
      window = { start: now, used: 0 };
      this.#windows.set(caller, window);
    }
    const resetsAfter = hms(window.start + this.#windowMs - now);
    if (window.used >= this.#quota) {
      throw new GraphError(
        429,
        "RateLimiting",
        [{ code: "RateLimiting", message: "Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed." }],
        { "x-ms-user-quota-remaining": "0", "x-ms-user-quota-resets-after": resetsAfter, "retry-after": String(Math.max(1, Math.ceil((window.start + this.#windowMs - now) / 1000))) },
      );
    }
    window.used += 1;
    return { "x-ms-user-quota-remaining": String(this.#quota - window.used), "x-ms-user-quota-resets-after": resetsAfter };
  }

  #subscriptionsOf(body: Record<string, unknown>): Set<string> {
    const subscriptions = body.subscriptions;
    const groups = body.managementGroups;
    const scoped = new Set<string>();
    if (Array.isArray(subscriptions)) for (const s of subscriptions) if (typeof s === "string") scoped.add(s.toLowerCase());
    if (Array.isArray(groups)) for (const g of groups) if (typeof g === "string") for (const s of this.#managementGroups.get(g.toLowerCase()) ?? []) scoped.add(s.toLowerCase());
    if (!Array.isArray(subscriptions) && !Array.isArray(groups)) for (const s of this.#store.subscriptions) scoped.add(s.toLowerCase());
    return scoped;
  }

  /** `POST /providers/Microsoft.ResourceGraph/resources`: one page of the query's rows. */
  answer(body: unknown, caller: string): { status: number; body: unknown; headers: Record<string, string> } {
    if (body === null || typeof body !== "object" || Array.isArray(body)) throw badRequest("The request body must be a query request object.");
    const request = body as Record<string, unknown>;
    if (typeof request.query !== "string" || request.query.trim() === "") throw badRequest("The query is required.");
    const options = (request.options ?? {}) as Record<string, unknown>;
    if (options.resultFormat !== undefined && options.resultFormat !== "objectArray")
      throw badRequest(`The emulator answers resultFormat objectArray only, got ${JSON.stringify(options.resultFormat)}.`);
    const top = options.$top === undefined ? DEFAULT_TOP : Number(options.$top);
    if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) throw badRequest(`$top must be a whole number from 1 to ${MAX_TOP}.`);
    const headers = this.#take(caller);
    let query: GraphQuery;
    try {
      query = parseGraphQuery(request.query);
    } catch (error) {
      if (error instanceof GraphQueryError) throw invalidQuery(error);
      throw error;
    }
    const scope = this.#subscriptionsOf(request);
    const fingerprint = createHash("sha256")
      .update(JSON.stringify([request.query, [...scope].sort()]))
      .digest("base64url")
      .slice(0, 16);
    const after = typeof options.$skipToken === "string" ? this.#readToken(options.$skipToken, fingerprint) : undefined;
    const rows = query.table === "resourcecontainers" ? this.#containers(query, scope) : this.#resources(query, scope);
    let start = 0;
    if (after !== undefined) while (start < rows.length && rows[start]!.key <= after) start++;
    const pageRows = rows.slice(start, start + top);
    const more = start + pageRows.length < rows.length;
    this.queries += 1;
    return {
      status: 200,
      headers,
      body: {
        totalRecords: rows.length,
        count: pageRows.length,
        resultTruncated: "false",
        ...(more ? { $skipToken: Buffer.from(JSON.stringify({ q: fingerprint, k: pageRows.at(-1)!.key }), "utf8").toString("base64url") } : {}),
        data: pageRows.map((row) => row.value),
        facets: [],
      },
    };
  }

  #readToken(token: string, fingerprint: string): string {
    try {
      const decoded = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { q?: unknown; k?: unknown };
      if (decoded.q === fingerprint && typeof decoded.k === "string") return decoded.k;
    } catch {
      // fall through: a token that is not ours is refused below
    }
    throw new GraphError(400, "BadRequest", [{ code: "InvalidSkipToken", message: "The skip token is not valid for this query and scope." }]);
  }

  #containers(query: GraphQuery, scope: Set<string>): { key: string; value: Record<string, unknown> }[] {
    if (query.type !== "microsoft.resources/subscriptions") return [];
    this.#checkColumns(query, CONTAINER_COLUMNS);
    return this.#store.subscriptions
      .filter((s) => scope.has(s.toLowerCase()))
      .map((s) => ({ key: `/subscriptions/${s.toLowerCase()}`, value: this.#project(query, { id: `/subscriptions/${s}`, name: s, type: query.type, subscriptionId: s }) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  #checkColumns(query: GraphQuery, known: Set<string>): void {
    const unknown = query.columns.find((c) => !known.has(c));
    if (unknown) throw invalidQuery(new GraphQueryError(unknown, query.columns.indexOf(unknown)));
  }

  #resources(query: GraphQuery, scope: Set<string>): { key: string; value: Record<string, unknown> }[] {
    this.#checkColumns(query, RESOURCE_COLUMNS);
    const at = this.#now() - this.#lagMs;
    const lookup = { get: (id: string) => this.#docAt(keyOf(id), at) };
    const rows: { key: string; value: Record<string, unknown> }[] = [];
    for (const key of this.#store.sortedKeys(query.type)) {
      const subscription = /^\/subscriptions\/([^/]+)/.exec(key)?.[1];
      if (!subscription || !scope.has(subscription)) continue;
      if (query.resourceGroup && !key.startsWith(`/subscriptions/${subscription}/resourcegroups/${query.resourceGroup}/`)) continue;
      const stored = this.#docAt(key, at);
      if (!stored) continue;
      const spec = this.#catalog.spec(stored.type);
      const doc = spec.present ? spec.present(stored, lookup, this.origin) : stored;
      const [, , resourceGroup] = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)/i.exec(doc.id) ?? [];
      const completion = query.completion ? this.#docAt(`${key}/${query.completion.type.split("/").pop()}/${query.completion.name}`, at) : undefined;
      const row: Record<string, unknown> = {
        ...doc,
        type: doc.type.toLowerCase(),
        subscriptionId: subscription,
        resourceGroup: resourceGroup?.toLowerCase(),
        ...(completion && completion.type.toLowerCase() === query.completion!.type ? { completion: completion.properties ?? null } : { completion: null }),
      };
      rows.push({ key, value: this.#project(query, row) });
    }
    return rows;
  }

  #project(query: GraphQuery, row: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(query.columns.map((c) => [c, structuredClone(row[c] ?? null)]));
  }
}
