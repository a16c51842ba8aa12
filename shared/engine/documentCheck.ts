import { CATALOG, controlsFor } from "../controls/catalog/index.ts";
import type { Control } from "../controls/types.ts";
import { parseResourceId, ResourceIdError, type ArmDocument } from "../core/index.ts";

/**
 * Why a document given for evaluation yields no finding, when that is worth saying:
 * - `invalid-id`: its id is not an ARM resource id;
 * - `type-mismatch`: its `type` is not the type its id names;
 * - `unknown-type`: its type is one edit or two from a type the catalog covers (a typo);
 * - `not-covered`: no control judges its type (a type the catalog does not cover yet).
 * The first three are wrong input a gate must not pass; the last is only information.
 */
export type DocumentProblemKind = "invalid-id" | "type-mismatch" | "unknown-type" | "not-covered";

export interface DocumentProblem {
  kind: DocumentProblemKind;
  message: string;
  /** Whether a --fail-on gate trips on it: the document is wrong, so nothing about it was judged. */
  wrong: boolean;
}

/** Edits (insert, delete, substitute) between two strings, stopping early past `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    if (Math.min(...current) > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

const TYPO_EDITS = 2;

/** The covered type a misspelling is closest to, if any is within two edits. */
export function closestCoveredType(type: string, catalog: readonly Control[] = CATALOG): string | undefined {
  const wanted = type.toLowerCase();
  let best: { type: string; distance: number } | undefined;
  for (const covered of new Set(catalog.flatMap((control) => control.resourceTypes))) {
    const distance = editDistance(wanted, covered.toLowerCase(), TYPO_EDITS);
    if (distance <= TYPO_EDITS && (!best || distance < best.distance)) best = { type: covered, distance };
  }
  return best?.type;
}

/** What is wrong with a document, or why no control judges it; undefined for one that controls judge or that none needs to read. */
export function checkDocument(doc: ArmDocument, catalog: readonly Control[] = CATALOG): DocumentProblem | undefined {
  let idType: string;
  try {
    idType = parseResourceId(doc.id).type;
  } catch (error) {
    if (!(error instanceof ResourceIdError)) throw error;
    return { kind: "invalid-id", message: `id is not an ARM resource id: ${error.message.replace(/^invalid resource id "[^"]*": /, "")}`, wrong: true };
  }
  if (idType.toLowerCase() !== doc.type.toLowerCase()) return { kind: "type-mismatch", message: `type ${doc.type} is not the type its id names, ${idType}`, wrong: true };
  if (controlsFor(doc, catalog).length > 0) return undefined;
  const type = doc.type.toLowerCase();
  // A covered type can still be one no control reads by name (a server parameter not about TLS);
  // and the parent or child of a covered type (a database above its TDE setting, a site's
  // config) is read with it when the service collects the resource.
  const related = catalog.some((control) =>
    control.resourceTypes.some((covered) => [covered.toLowerCase(), `${covered.toLowerCase()}/`].some((t) => t === type || type.startsWith(t) || t.startsWith(`${type}/`))),
  );
  if (related) return undefined;
  const closest = closestCoveredType(doc.type, catalog);
  if (closest) return { kind: "unknown-type", message: `type ${doc.type} is not one Encryption Guard knows; did you mean ${closest}?`, wrong: true };
  return { kind: "not-covered", message: `no control covers type ${doc.type}`, wrong: false };
}
