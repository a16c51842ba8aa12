/**
 * PostgreSQL and MySQL flexible servers keep their TLS settings as server parameters: one
 * `…/flexibleServers/configurations` document per parameter, picked by its name.
 */
import { lower, resourceName } from "./evidence.ts";
import type { ArmDocument } from "../core/index.ts";

export const PARAMETER_VALUE = "properties.value";

export const PARAMETER_NOT_SET = "the parameter document has no value";

/** `appliesTo` for the configuration document of one parameter, named case-insensitively. */
export function isParameter(name: string): (doc: ArmDocument) => boolean {
  const wanted = name.toLowerCase();
  return (doc) => lower(resourceName(doc)) === wanted;
}
