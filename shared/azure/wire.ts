import { captureBodies } from "./rawBodies.ts";
import type { ArmDocument, PropertyChange } from "../core/index.ts";

export class UnexpectedArmResponseError extends Error {
  constructor(what: string) {
    super(`ARM returned ${what}`);
    this.name = "UnexpectedArmResponseError";
  }
}

function asDocument(body: unknown, what: string): ArmDocument {
  if (!body || typeof body !== "object" || typeof (body as ArmDocument).id !== "string" || typeof (body as ArmDocument).type !== "string") {
    throw new UnexpectedArmResponseError(`a ${what} body without id and type`);
  }
  return body as ArmDocument;
}

/** The wire document of a single typed-client GET. */
export async function readDocument(read: () => Promise<unknown>): Promise<ArmDocument> {
  const bodies = await captureBodies(read);
  return asDocument(bodies[bodies.length - 1], "GET");
}

export interface Paged {
  byPage(): AsyncIterableIterator<unknown[]>;
}

/**
 * Pages one listing reads at most. ARM pages hold up to 1,000 resources, so this is far past any
 * real listing; a nextLink that never ends (a fault, or a hostile proxy) stops here.
 */
export const MAX_LIST_PAGES = 10_000;

/** Every wire document of a typed-client list, page by page, so a sweep streams; `what` names the listing in the error past MAX_LIST_PAGES. */
export async function* listDocuments(list: () => Paged, what = "a list", maxPages = MAX_LIST_PAGES): AsyncGenerator<ArmDocument> {
  const pages = list().byPage();
  for (let page = 0; ; page++) {
    if (page === maxPages) throw new UnexpectedArmResponseError(`more than ${maxPages} pages listing ${what}; stopped there`);
    let done = false;
    const bodies = await captureBodies(async () => {
      done = (await pages.next()).done === true;
    });
    for (const body of bodies) {
      const value = (body as { value?: unknown }).value;
      if (!Array.isArray(value)) throw new UnexpectedArmResponseError("a list page without a value array");
      for (const item of value) yield asDocument(item, "list item");
    }
    if (done) return;
  }
}

/**
 * Turns wire-path changes into the typed client's parameter object. Most SDK models lift
 * `properties.*` to the top level; `renames` maps the wire paths whose SDK name differs
 * (longest prefix wins), e.g. `properties.supportsHttpsTrafficOnly` -> `enableHttpsTrafficOnly`.
 * Object values are mapped leaf by leaf so nested renames apply inside them too.
 */
export function toSdkParameters(changes: readonly PropertyChange[], direction: "after" | "before", renames: Readonly<Record<string, string>> = {}, flatten = true): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  const prefixes = Object.keys(renames).sort((a, b) => b.length - a.length);
  const sdkPath = (wirePath: string): string => {
    const prefix = prefixes.find((p) => wirePath === p || wirePath.startsWith(`${p}.`));
    if (prefix !== undefined) {
      const mapped = renames[prefix]!;
      const rest = wirePath.slice(prefix.length);
      return mapped ? mapped + rest : rest.replace(/^\./, "");
    }
    return flatten && wirePath.startsWith("properties.") ? wirePath.slice("properties.".length) : wirePath;
  };
  const place = (wirePath: string, value: unknown): void => {
    if (value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0) {
      for (const [key, inner] of Object.entries(value)) place(`${wirePath}.${key}`, inner);
      return;
    }
    setPath(target, sdkPath(wirePath), value);
  };
  for (const change of changes) place(change.path, change[direction]);
  return target;
}

export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (!next || typeof next !== "object") node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}

/** The changes whose path starts with a prefix, e.g. the `properties.siteConfig` ones. */
export function changesUnder(changes: readonly PropertyChange[], prefix: string): PropertyChange[] {
  return changes.filter((c) => c.path === prefix || c.path.startsWith(`${prefix}.`));
}
