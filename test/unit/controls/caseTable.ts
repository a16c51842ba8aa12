/**
 * The shape of a control's case table (test/unit/controls/cases/<control id>.ts) and the rule
 * every table must meet. Cases are data: a document, the classification and policy parameters it
 * is judged with, and what the control must answer. cases.test.ts runs them all.
 */
import { applyChanges } from "../../../shared/controls/index.ts";
import type { Classification, Control, Evidence, FixSafety, Status } from "../../../shared/controls/index.ts";
import type { ArmDocument, PropertyChange } from "../../../shared/core/index.ts";
import { armFixture } from "./arm-fixtures.ts";

/**
 * A document: a fixture under test/fixtures/arm (`storage/account-legacy-defaults.json`), that
 * fixture with some values replaced (dotted paths, written the way a fix writes them; `undefined`
 * removes a value), or an ARM document written inline.
 */
export type DocumentSource = string | FixtureVariant | ArmDocument;

export interface FixtureVariant {
  fixture: string;
  set: Record<string, unknown>;
}

/** `controls.<id>.params` as a policy file would give them; the case loads them through the policy loader. */
export type PolicyParams = Record<string, unknown>;

/** The control judges the document: the status it must answer, and the evidence and reason where they matter. */
export interface EvaluationCase {
  name: string;
  doc: DocumentSource;
  /** `general` unless said otherwise. */
  classification?: Classification;
  params?: PolicyParams;
  status: Status;
  evidence?: Partial<Evidence>;
  /** A substring or pattern of the verdict's reason. */
  reason?: string | RegExp;
  /** The evaluation's time (ISO), for controls that compare dates; a fixed default otherwise. */
  now?: string;
}

/** The fix repairs a non-compliant document: plan, apply the changes, judge again: compliant. */
export interface FixCase {
  name: string;
  fix: DocumentSource;
  params?: PolicyParams;
  /** The exact changes the fix plans, where they matter. */
  changes?: readonly PropertyChange[];
}

/** The control leaves this document to others (another server parameter, another type). */
export interface SelectionCase {
  name: string;
  doc: DocumentSource;
  selected: false;
}

/** The policy loader refuses these parameters and names each refused one. */
export interface ParamsCase {
  name: string;
  params: PolicyParams;
  refused: readonly string[];
}

export type ControlCase = EvaluationCase | FixCase | SelectionCase | ParamsCase;

export interface CaseTable {
  /** The fix's safety, or `none` for a control whose findings always become tickets. */
  fix: FixSafety | "none";
  cases: readonly ControlCase[];
}

export const isFixCase = (c: ControlCase): c is FixCase => "fix" in c;
export const isSelectionCase = (c: ControlCase): c is SelectionCase => "selected" in c;
export const isParamsCase = (c: ControlCase): c is ParamsCase => "refused" in c;
export const isEvaluationCase = (c: ControlCase): c is EvaluationCase => "status" in c;

/** Every control answers at least these, each in a case of its own. */
export const REQUIRED_STATUSES: readonly Status[] = ["compliant", "noncompliant", "unknown"];

/** What a control's table lacks or gets wrong; empty when it meets the rule. */
export function tableProblems(control: Control, table: CaseTable | undefined): string[] {
  if (!table) return [`${control.id} has no case table: add test/unit/controls/cases/${control.id}.ts`];
  const problems = REQUIRED_STATUSES.filter((status) => !table.cases.some((c) => isEvaluationCase(c) && c.status === status)).map((status) => `${control.id} has no ${status} case`);
  const fixCases = table.cases.filter(isFixCase).length;
  if (control.fix && fixCases === 0) problems.push(`${control.id} has a fix but no fix case`);
  if (!control.fix && fixCases > 0) problems.push(`${control.id} has no fix, yet its table has fix cases`);
  const safety = control.fix?.safety ?? "none";
  if (table.fix !== safety) problems.push(`${control.id}: the table says fix ${table.fix}, the control's fix is ${safety}`);
  return problems;
}

const isVariant = (source: FixtureVariant | ArmDocument): source is FixtureVariant => typeof source.fixture === "string" && typeof source.set === "object";

export function documentOf(source: DocumentSource): ArmDocument {
  if (typeof source === "string") return armFixture(source);
  if (isVariant(source))
    return applyChanges(
      armFixture(source.fixture),
      Object.entries(source.set).map(([path, after]) => ({ path, before: null, after })),
    );
  return structuredClone(source);
}
