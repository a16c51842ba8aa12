import { readFileSync } from "node:fs";
import type { ArmDocument } from "../../../shared/core/index.ts";

/** An ARM document from test/fixtures/arm, e.g. `storage/account-legacy-defaults.json`. */
export function armFixture(path: string): ArmDocument {
  return JSON.parse(readFileSync(new URL(`../../fixtures/arm/${path}`, import.meta.url), "utf8")) as ArmDocument;
}

/** Odd shapes every control must survive: no properties, properties of the wrong type. */
export function oddDocuments(type: string): ArmDocument[] {
  const id = `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/${type}/odd`;
  return [
    { id, type },
    { id, type, properties: null },
    { id, type, properties: "Enabled" as unknown as Record<string, unknown> },
    { id, type, properties: [] as unknown as Record<string, unknown> },
  ];
}
