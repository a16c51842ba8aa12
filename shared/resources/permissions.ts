import { RESOURCES } from "./catalog/index.ts";
import { writerFor } from "./registry.ts";
import type { ResourceModule } from "./types.ts";

const unique = (values: Iterable<string>) => [...new Map([...values].map((v) => [v.toLowerCase(), v])).values()].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));

export interface RolePermissions {
  /** What every deployment grants: each module's reads and the writes of every fixable document type. */
  actions: string[];
  /** What only some fixes need, granted by the opt-in role. */
  optInActions: string[];
  /** Data-plane actions: the modules' reads (certificate metadata) and what the writes need (a key's rotation policy); never a secret value or private key. */
  dataActions: string[];
}

/**
 * The deployed role, derived from the modules: reading every covered type, and writing the
 * document types some control can fix (`fixableTypes`, from the catalog). Nothing else.
 */
export function rolePermissions(fixableTypes: readonly string[], modules: readonly ResourceModule[] = RESOURCES): RolePermissions {
  const writers = fixableTypes.map((type) => {
    const writer = writerFor(type, modules);
    if (!writer) throw new Error(`a control can fix ${type}, but no resource module writes it`);
    return writer;
  });
  const actions = unique([...modules.flatMap((m) => m.readActions), ...writers.flatMap((w) => w.actions)]);
  const granted = new Set(actions.map((a) => a.toLowerCase()));
  return {
    actions,
    optInActions: unique(writers.flatMap((w) => w.optInActions ?? []).filter((a) => !granted.has(a.toLowerCase()))),
    dataActions: unique([...modules.flatMap((m) => m.readDataActions ?? []), ...writers.flatMap((w) => w.dataActions ?? [])]),
  };
}

/**
 * Event Grid takes at most 25 advanced-filter values across one subscription's filters; one goes
 * to leaving out the service's own writes, so the operations are split into groups of 24, one
 * event subscription each.
 */
export const OPERATIONS_PER_EVENT_SUBSCRIPTION = 24;

export function eventFilterGroups(operations: readonly string[], perGroup = OPERATIONS_PER_EVENT_SUBSCRIPTION): string[][] {
  const groups: string[][] = [];
  for (let start = 0; start < operations.length; start += perGroup) groups.push(operations.slice(start, start + perGroup));
  return groups;
}

/**
 * The ARM write operations whose events must reach the intake: each module's type and child
 * types, and each document type a control judges (`judgedTypes`, from the catalog).
 */
export function coveredWriteOperations(judgedTypes: readonly string[], modules: readonly ResourceModule[] = RESOURCES): string[] {
  // A data-plane type (a vault's certificates) raises no ARM write events: its own events come another way.
  const dataPlane = new Set(modules.filter((m) => m.plane === "data").map((m) => m.type.toLowerCase()));
  const armTypes = [...modules.filter((m) => m.plane !== "data").flatMap((m) => [m.type, ...m.childTypes]), ...judgedTypes.filter((type) => !dataPlane.has(type.toLowerCase()))];
  return unique(armTypes.map((type) => `${type}/write`));
}
