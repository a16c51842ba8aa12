import { parseResourceId } from "../core/index.ts";
import { RESOURCES } from "./catalog/index.ts";
import type { ResourceModule } from "./types.ts";

/**
 * The module that names a resource: the one of its own type, else of its nearest covered
 * ancestor (a server's encryption protector is named by the server).
 */
function namingModule(type: string, modules: readonly ResourceModule[]): ResourceModule | undefined {
  const lower = type.toLowerCase();
  return modules.filter((m) => lower === m.type.toLowerCase() || lower.startsWith(`${m.type.toLowerCase()}/`)).sort((a, b) => b.type.length - a.type.length)[0];
}

/**
 * The placeholders control pages use in their snippets, filled for one resource: each word its
 * module gives the names in its id (`<server>` -> `sql01`, `<database>` -> `orders`) and
 * `<word-resource-id>` for the id up to that name. Empty when the id is not a resource id.
 */
export function placeholderNames(resourceId: string, modules: readonly ResourceModule[] = RESOURCES): Map<string, string> {
  const values = new Map<string, string>();
  let id;
  try {
    id = parseResourceId(resourceId);
  } catch {
    return values;
  }
  const words = namingModule(id.type, modules)?.names ?? [];
  const segments = id.id.replace(/\/+$/, "").split("/");
  words.forEach((word, level) => {
    const name = id.names[level];
    if (!name) return;
    values.set(word, name);
    values.set(`${word}-resource-id`, segments.slice(0, 9 + level * 2).join("/"));
  });
  return values;
}
