import type { SubscriptionClients } from "../azure/index.ts";
import { mapConcurrently, parseResourceId, type HeldResource, type HeldResources, type ResourceId } from "../core/index.ts";

/** How many held items one read looks at: a vault with more is classified by these, and says so. */
export const HELD_ITEMS_READ = 500;
/** How many distinct resources' tags one read asks for. */
export const HELD_TAG_READS = 100;
const TAG_READ_CONCURRENCY = 4;

/** The action that reads any resource's tags (the tags API), whatever its type. */
export const TAGS_READ_ACTION = "Microsoft.Resources/tags/read";

/**
 * The resource ids one held item stands for, most specific first: a backup instance of a
 * database names the database and its server, whose tags classify it when the database has none.
 */
export type HeldItem = readonly unknown[];

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

async function tagsOf(clients: SubscriptionClients, id: string): Promise<Record<string, string> | null> {
  try {
    const resource = await clients.resources.tagsOperations.getAtScope(id);
    const tags = resource.properties?.tags;
    return tags && typeof tags === "object" ? { ...tags } : {};
  } catch {
    // Gone, refused or unreadable: the classification is then taken from what could be read.
    return null;
  }
}

/**
 * What a vault holds, with the tags of each held resource, read through the tags API (one
 * action for every type). Ids that are not canonical resource ids are skipped (the service
 * sends a few pseudo-ids, such as a workload container's), and so are resources in another
 * subscription than the vault's: the service reads nothing outside the subscription it scans.
 * Everything left out is counted in `unread`.
 */
export async function readHeldResources(clients: SubscriptionClients, owner: ResourceId, source: string, items: AsyncIterable<HeldItem>): Promise<HeldResources> {
  const ids = new Map<string, string>();
  let listed = 0;
  let truncated = false;
  let notResourceIds = 0;
  let elsewhere = 0;
  for await (const item of items) {
    if (listed === HELD_ITEMS_READ) {
      truncated = true;
      break;
    }
    listed += 1;
    for (const candidate of item) {
      if (candidate === undefined || candidate === null || candidate === "") continue;
      let id;
      try {
        id = parseResourceId(candidate);
      } catch {
        notResourceIds += 1;
        continue;
      }
      if (id.subscriptionId.toLowerCase() !== owner.subscriptionId.toLowerCase()) elsewhere += 1;
      else if (!ids.has(id.id.toLowerCase())) ids.set(id.id.toLowerCase(), id.id);
    }
  }
  const toRead = [...ids.values()].slice(0, HELD_TAG_READS);
  const resources: HeldResource[] = await mapConcurrently(toRead, TAG_READ_CONCURRENCY, async (id) => ({ id, tags: await tagsOf(clients, id) }));
  const unreadable = resources.filter((r) => r.tags === null).length;
  const gaps = [
    truncated ? `only the first ${HELD_ITEMS_READ} ${source} were read` : "",
    ids.size > toRead.length ? `the tags of only ${HELD_TAG_READS} of ${ids.size} resources were read` : "",
    unreadable > 0 ? `the tags of ${plural(unreadable, "resource")} could not be read` : "",
    elsewhere > 0 ? `${plural(elsewhere, "resource")} in another subscription were not read` : "",
    notResourceIds > 0 ? `${plural(notResourceIds, "source")} not named by a resource id` : "",
  ].filter((gap) => gap !== "");
  return { source, resources, ...(gaps.length > 0 ? { unread: gaps.join("; ") } : {}) };
}

/** A held resources read that failed as a whole (the list refused): the vault is classified by its own tag, and says why. */
export function unreadContents(source: string, error: unknown): HeldResources {
  const status = (error as { statusCode?: number })?.statusCode;
  return { source, resources: [], unread: `the ${source} could not be listed${status ? ` (HTTP ${status})` : ""}` };
}
