import { isBag, type ArmDocument } from "../core/index.ts";
import type { GraphListing, ResourceModule } from "./types.ts";

/** What a listing may narrow a type's query to. */
export interface GraphFilter {
  resourceGroup?: string;
}

/** The columns of a graph row that are the ARM document (the graph adds its own: tenantId, subscriptionId...). */
const DOCUMENT_COLUMNS = ["id", "name", "type", "kind", "location", "tags", "sku", "identity", "zones", "properties"] as const;
const COMPLETION = "completion";

/** A KQL string literal: quotes and backslashes escaped, so a name can never end the string. */
function literal(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/**
 * The Resource Graph query that lists a module's type: its table filtered by type (and resource
 * group), the document's columns, the child setting the module declares joined on (leftouter: a
 * resource whose child the graph has not indexed yet still comes, and is completed from ARM),
 * sorted by id so that pages follow one another and keys in the ledger come in order.
 */
export function graphQuery(module: ResourceModule, filter: GraphFilter = {}): string {
  const source = module.graph;
  if (!source) throw new Error(`${module.type} declares no Resource Graph table; list it through ARM`);
  const stages = [source.table, `where type =~ ${literal(module.type.toLowerCase())}`];
  if (filter.resourceGroup) stages.push(`where resourceGroup =~ ${literal(filter.resourceGroup.toLowerCase())}`);
  const columns: string[] = [...DOCUMENT_COLUMNS];
  const completion = source.completion;
  if (completion) {
    const suffix = `/${completion.type.split("/").pop()!.toLowerCase()}/${completion.name.toLowerCase()}`;
    stages.push(
      "extend completionKey = tolower(id)",
      `join kind=leftouter (${completion.table} | where type =~ ${literal(completion.type.toLowerCase())} and name =~ ${literal(completion.name)} | project completionKey = tolower(substring(id, 0, strlen(id) - ${suffix.length})), ${COMPLETION} = properties) on completionKey`,
    );
    columns.push(COMPLETION);
  }
  stages.push(`project ${columns.join(", ")}`, "order by id asc");
  return stages.join("\n| ");
}

/**
 * A graph row as the document the module's controls judge: the ARM document's columns, with the
 * type in the module's canonical casing (the graph lower-cases types), and the joined child
 * setting as a document of its own. Undefined for a row that is not of the module's type.
 */
export function graphListing(module: ResourceModule, row: Record<string, unknown>): GraphListing | undefined {
  if (typeof row.id !== "string" || typeof row.type !== "string" || row.type.toLowerCase() !== module.type.toLowerCase()) return undefined;
  const doc: Record<string, unknown> = {};
  for (const column of DOCUMENT_COLUMNS) if (row[column] !== undefined && row[column] !== null) doc[column] = row[column];
  doc.type = module.type;
  if (doc.tags !== undefined && !isBag(doc.tags)) delete doc.tags;
  const completion = module.graph?.completion;
  const child = row[COMPLETION];
  if (!completion || !isBag(child)) return { doc: doc as unknown as ArmDocument };
  return {
    doc: doc as unknown as ArmDocument,
    completion: { id: `${row.id}/${completion.type.split("/").pop()}/${completion.name}`, name: completion.name, type: completion.type, properties: child },
  };
}

/** The query that lists the subscriptions of the given management groups (resolved with the managementGroups scope). */
export const SUBSCRIPTIONS_QUERY = ["resourcecontainers", "where type =~ 'microsoft.resources/subscriptions'", "project id, subscriptionId", "order by id asc"].join("\n| ");
