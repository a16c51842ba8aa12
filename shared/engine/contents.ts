/**
 * Classification from what a resource holds. A backup vault keeps copies of other resources'
 * data, so it is as sensitive as the most sensitive thing it backs up: the collector reads what
 * it holds (protected items, backup instances) with their tags, and here the vault takes the
 * highest of its own classification and theirs. The evidence says which gave it.
 */
import { classify as classifyTags } from "../config/classify.ts";
import type { Policy } from "../config/policy.ts";
import { classificationRank } from "../controls/classification.ts";
import type { Classification, ClassifiedBy } from "../controls/types.ts";
import type { HeldResources } from "../core/index.ts";

/** At most this many ids are named in the evidence; the level is the same for the rest. */
const NAMED_IN_EVIDENCE = 5;

export interface ContentsClassification {
  classification: Classification;
  /** Present for a resource whose contents were read: which source gave the level. */
  classifiedBy?: ClassifiedBy;
}

/**
 * The higher of `own` (the resource's own tag, or its parent's) and the classification of each
 * held resource whose tags could be read. Without `held` (a type that holds nothing, or an
 * exported document evaluated offline) the resource's own classification stands, unexplained.
 */
export function classifyByContents(own: Classification, held: HeldResources | null | undefined, policy: Pick<Policy, "classification">): ContentsClassification {
  if (!held) return { classification: own };
  const unread = held.unread ? { unread: held.unread } : {};
  const levels = held.resources.filter((r) => r.tags !== null).map((r) => ({ id: r.id, level: classifyTags(r.tags, policy) }));
  const highest = levels.reduce<Classification | undefined>((top, { level }) => (top === undefined || classificationRank(level) > classificationRank(top) ? level : top), undefined);
  if (highest === undefined || classificationRank(highest) <= classificationRank(own)) {
    return { classification: own, classifiedBy: { source: "own tag", ...unread } };
  }
  const resources = levels.filter((r) => r.level === highest).map((r) => r.id);
  return { classification: highest, classifiedBy: { source: held.source, resources: resources.slice(0, NAMED_IN_EVIDENCE), ...unread } };
}
