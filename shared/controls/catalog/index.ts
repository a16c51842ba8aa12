import type { ArmDocument, Control } from "../types.ts";
import { storageMinTls } from "./storage.min-tls.ts";

/** The catalog, in the order findings are reported. Add a control here and in docs/controls/. */
export const CATALOG: readonly Control[] = [storageMinTls];

const byId = new Map(CATALOG.map((c) => [c.id, c]));

export function controlById(id: string): Control | undefined {
  return byId.get(id);
}

/** The controls whose resource type (case-insensitive) and applicability match a document. */
export function controlsFor(doc: ArmDocument, catalog: readonly Control[] = CATALOG): Control[] {
  const type = typeof doc.type === "string" ? doc.type.toLowerCase() : "";
  return catalog.filter((c) => c.resourceTypes.some((t) => t.toLowerCase() === type) && (c.appliesTo?.(doc) ?? true));
}
