import { readFileSync } from "node:fs";
import { applyChanges, controlById } from "../../../shared/controls/index.ts";
import type { Classification, Control, FixParameters, FixProposal, Verdict } from "../../../shared/controls/index.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

/** A control from the catalog; fails loudly when the id is not there. */
export function catalogControl(id: string): Control {
  const control = controlById(id);
  if (!control) throw new Error(`no control ${id} in the catalog`);
  return control;
}

/** An ARM document from test/fixtures/arm, e.g. `storage/account-legacy-defaults.json`. */
export function armFixture(path: string): ArmDocument {
  return JSON.parse(readFileSync(new URL(`../../fixtures/arm/${path}`, import.meta.url), "utf8")) as ArmDocument;
}

export function evaluateFixture(control: Control, path: string, classification: Classification = "general"): Verdict {
  return control.evaluate(armFixture(path), { classification });
}

/** The fix the control plans for a fixture; fails the test when the control has no fix or declines. */
export function planFor(control: Control, path: string, params: FixParameters = {}): FixProposal {
  if (!control.fix) throw new Error(`${control.id} has no fix`);
  const proposal = control.fix.plan(armFixture(path), params);
  if (!proposal) throw new Error(`${control.id} planned nothing for ${path}`);
  return proposal;
}

/** Evaluates the fixture as it would read after the control's own fix. */
export function evaluateAfterFix(control: Control, path: string, params: FixParameters = {}): Verdict {
  const fixed = applyChanges(armFixture(path), planFor(control, path, params).changes);
  return control.evaluate(fixed, { classification: "general" });
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
