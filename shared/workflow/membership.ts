import type { ResourceGraph } from "../azure/index.ts";
import { SUBSCRIPTIONS_QUERY } from "../resources/index.ts";

/** How long a management group's subscriptions are trusted before they are asked for again. */
export const MEMBERSHIP_TTL_MS = 15 * 60_000;

/**
 * The subscriptions in each management group (at any depth), as Resource Graph's
 * resourcecontainers table answers for the management-group scope, cached for a while: the event
 * intake and the scope checks ask for every event, the graph is asked once per group per TTL.
 * A group that cannot be resolved makes `refresh` throw, so the caller fails (and Event Grid
 * delivers again) instead of refusing events from subscriptions it simply does not know yet.
 */
export class ManagementGroupMembers {
  readonly groups: readonly string[];
  readonly #graph: () => ResourceGraph;
  readonly #now: () => number;
  readonly #members = new Map<string, Set<string>>();
  #fetchedAt = Number.NEGATIVE_INFINITY;
  #pending: Promise<void> | undefined;

  constructor(groups: readonly string[], graph: () => ResourceGraph, now: () => number = Date.now) {
    this.groups = [...new Set(groups.map((g) => g.toLowerCase()))];
    this.#graph = graph;
    this.#now = now;
  }

  /** Asks the graph again when the cache is older than the TTL (or never filled); concurrent callers share one refresh. */
  async refresh(): Promise<void> {
    if (this.groups.length === 0 || this.#now() - this.#fetchedAt < MEMBERSHIP_TTL_MS) return;
    this.#pending ??= this.#load().finally(() => (this.#pending = undefined));
    await this.#pending;
  }

  async #load(): Promise<void> {
    const resolved = new Map<string, Set<string>>();
    for (const group of this.groups) {
      const subscriptions = new Set<string>();
      for await (const page of this.#graph().pages(SUBSCRIPTIONS_QUERY, { managementGroups: [group] })) {
        for (const row of page.rows) if (typeof row.subscriptionId === "string") subscriptions.add(row.subscriptionId.toLowerCase());
      }
      resolved.set(group, subscriptions);
    }
    this.#members.clear();
    for (const [group, subscriptions] of resolved) this.#members.set(group, subscriptions);
    this.#fetchedAt = this.#now();
  }

  /** Whether the subscription is in one of these groups, as of the last refresh. */
  contains(groups: readonly string[], subscriptionId: string): boolean {
    const wanted = subscriptionId.toLowerCase();
    return groups.some((group) => this.#members.get(group.toLowerCase())?.has(wanted) ?? false);
  }

  /** Every subscription of these groups, as of the last refresh. */
  subscriptionsOf(groups: readonly string[]): string[] {
    return [...new Set(groups.flatMap((group) => [...(this.#members.get(group.toLowerCase()) ?? [])]))];
  }
}
