import { parseResourceId, sameType, type ResourceId } from "../core/index.ts";
import { RESOURCES } from "./catalog/index.ts";
import type { DocumentWriter, ResourceModule } from "./types.ts";

export function moduleForType(type: string, modules: readonly ResourceModule[] = RESOURCES): ResourceModule | undefined {
  return modules.find((m) => sameType(m.type, type));
}

export function writerFor(documentType: string, modules: readonly ResourceModule[] = RESOURCES): DocumentWriter | undefined {
  for (const module of modules) {
    const writer = module.writers.find((w) => sameType(w.documentType, documentType));
    if (writer) return writer;
  }
  return undefined;
}

/** Whether a write of this type concerns a covered resource: the type itself or one of its child types. */
export function covers(type: string, modules: readonly ResourceModule[] = RESOURCES): boolean {
  return modules.some((m) => sameType(m.type, type) || m.childTypes.some((child) => sameType(child, type)));
}

export interface EvaluationTarget {
  module: ResourceModule;
  id: ResourceId;
}

/**
 * The resource to evaluate when `resourceId` changed: the resource itself, or the parent a
 * child belongs to (a database's TDE setting -> the database, a site's config/web -> the site).
 * Undefined when the service does not cover the type.
 */
export function evaluationTarget(resourceId: string | ResourceId, modules: readonly ResourceModule[] = RESOURCES): EvaluationTarget | undefined {
  const id = typeof resourceId === "string" ? parseResourceId(resourceId) : resourceId;
  const own = moduleForType(id.type, modules);
  if (own) return { module: own, id };
  const parent = modules.find((m) => m.childTypes.some((child) => sameType(child, id.type)));
  if (!parent) return undefined;
  const depth = parent.type.split("/").length - 1;
  const segments = id.id.replace(/\/+$/, "").split("/");
  // /subscriptions/S/resourceGroups/G/providers/NS = 7 segments, then a type/name pair per level.
  return { module: parent, id: parseResourceId(segments.slice(0, 7 + depth * 2).join("/")) };
}
