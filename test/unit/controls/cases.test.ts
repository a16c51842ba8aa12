/**
 * Every control in the catalog against its own table of cases (test/unit/controls/cases/<id>.ts),
 * found by id: a control without a table, or a table without a compliant, a non-compliant and an
 * unknown case (and a fix case where the control has a fix), fails here.
 */
import { existsSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, parsePolicy, PolicyError, type Policy } from "../../../shared/config/index.ts";
import { applyChanges, CATALOG, controlsFor } from "../../../shared/controls/index.ts";
import type { Control, Verdict } from "../../../shared/controls/index.ts";
import { evaluationContext, paramsFor } from "../../../shared/engine/index.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";
import { oddDocuments } from "./arm-fixtures.ts";
import {
  documentOf,
  isEvaluationCase,
  isFixCase,
  isParamsCase,
  isSelectionCase,
  tableProblems,
  type CaseTable,
  type ControlCase,
  type EvaluationCase,
  type FixCase,
  type ParamsCase,
  type PolicyParams,
} from "./caseTable.ts";

const CASES = new URL("./cases/", import.meta.url);

async function tableOf(id: string): Promise<CaseTable | undefined> {
  const file = new URL(`${id}.ts`, CASES);
  if (!existsSync(file)) return undefined;
  return ((await import(file.href)) as { default: CaseTable }).default;
}

const tables = new Map(await Promise.all(CATALOG.map(async (control) => [control.id, await tableOf(control.id)] as const)));

/** The policy a case's parameters make, loaded the way the service loads a policy file. */
function policyWith(control: Control, params: PolicyParams | undefined): Policy {
  if (params === undefined) return DEFAULT_POLICY;
  return parsePolicy(JSON.stringify({ controls: { [control.id]: { params } } }), `cases/${control.id}.ts`);
}

/** Cases are judged at a fixed time unless they give one: no case depends on the clock. */
const CASE_TIME = "2026-06-01T00:00:00Z";

function judge(control: Control, doc: ArmDocument, policy: Policy, c: { classification?: EvaluationCase["classification"]; now?: string } = {}): Verdict {
  return control.evaluate(doc, evaluationContext(control, c.classification ?? "general", policy, new Date(c.now ?? CASE_TIME)));
}

const selects = (control: Control, doc: ArmDocument) => controlsFor(doc).some((c) => c.id === control.id);

function checkEvaluation(control: Control, c: EvaluationCase): void {
  const doc = documentOf(c.doc);
  expect(selects(control, doc), "the control applies to the case's document").toBe(true);
  const verdict = judge(control, doc, policyWith(control, c.params), c);
  expect(verdict.status).toBe(c.status);
  if (c.evidence) expect(verdict.evidence).toMatchObject(c.evidence);
  if (c.reason !== undefined) expect(verdict.reason).toMatch(c.reason);
}

function checkFix(control: Control, c: FixCase): void {
  const doc = documentOf(c.fix);
  const untouched = structuredClone(doc);
  const policy = policyWith(control, c.params);
  expect(judge(control, doc, policy).status, "the fix case starts non-compliant").toBe("noncompliant");
  const params = paramsFor(control, policy).fix;
  if (!control.fix || !params) throw new Error(`${control.id}: the fix case gives no (or incomplete) params`);
  const proposal = control.fix.plan(doc, params);
  expect(proposal.changes.length).toBeGreaterThan(0);
  expect(proposal.summary).not.toBe("");
  if (c.changes) expect(proposal.changes).toEqual(c.changes);
  expect(judge(control, applyChanges(doc, proposal.changes), policy).status, "after the planned changes").toBe("compliant");
  expect(doc, "planning leaves the document alone").toEqual(untouched);
}

function checkParams(control: Control, c: ParamsCase): void {
  let refused: readonly string[] = [];
  try {
    policyWith(control, c.params);
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    refused = error.issues.map((issue) => issue.path);
  }
  expect(refused).toEqual(c.refused.map((name) => `controls.${control.id}.params.${name}`));
}

function check(control: Control, c: ControlCase): void {
  if (isFixCase(c)) checkFix(control, c);
  else if (isSelectionCase(c)) expect(selects(control, documentOf(c.doc))).toBe(false);
  else if (isParamsCase(c)) checkParams(control, c);
  else if (isEvaluationCase(c)) checkEvaluation(control, c);
}

describe("the case-table rule", () => {
  const control: Control = {
    id: "test.fake",
    title: "A control only this test knows",
    severity: "low",
    stage: "at-rest",
    resourceTypes: ["Microsoft.Test/things"],
    minClassification: "public",
    defaultDecision: "ticket",
    evaluate: () => ({ status: "unknown", evidence: { path: "properties", actual: null, expected: "anything" } }),
    fix: { safety: "safe", plan: () => ({ changes: [], summary: "nothing" }) },
    refs: { waf: "SE:07" },
  };
  const doc = "storage/account-legacy-defaults.json";

  it("fails a control without a table", () => {
    expect(tableProblems(control, undefined)).toEqual(["test.fake has no case table: add test/unit/controls/cases/test.fake.ts"]);
  });

  it("fails a table that lacks a kind of case or misstates the fix", () => {
    const table: CaseTable = { fix: "disruptive", cases: [{ name: "fine", doc, status: "compliant" }] };
    expect(tableProblems(control, table)).toEqual([
      "test.fake has no noncompliant case",
      "test.fake has no unknown case",
      "test.fake has a fix but no fix case",
      "test.fake: the table says fix disruptive, the control's fix is safe",
    ]);
    const { fix: _fix, ...withoutFix } = control;
    expect(tableProblems(withoutFix, { fix: "none", cases: [{ name: "fixed", fix: doc }] })).toContain("test.fake has no fix, yet its table has fix cases");
  });

  it("passes a complete table", () => {
    const table: CaseTable = {
      fix: "safe",
      cases: [
        { name: "a", doc, status: "compliant" },
        { name: "b", doc, status: "noncompliant" },
        { name: "c", doc, status: "unknown" },
        { name: "d", fix: doc },
      ],
    };
    expect(tableProblems(control, table)).toEqual([]);
  });
});

describe("control cases", () => {
  it("has no table for a control the catalog does not have", () => {
    const ids = new Set(CATALOG.map((control) => control.id));
    const files = readdirSync(CASES).filter((file) => file.endsWith(".ts"));
    expect(files.filter((file) => !ids.has(file.replace(/\.ts$/, "")))).toEqual([]);
  });

  for (const control of CATALOG) {
    describe(control.id, () => {
      const table = tables.get(control.id);

      it("has a table with a compliant, a non-compliant and an unknown case, and a fix case where it has a fix", () => {
        expect(tableProblems(control, table)).toEqual([]);
      });

      for (const c of table?.cases ?? []) it(c.name, () => check(control, c));

      it("says unknown for a document without readable properties", () => {
        for (const type of control.resourceTypes) {
          for (const odd of oddDocuments(type)) expect(judge(control, odd, DEFAULT_POLICY).status, `${type} ${JSON.stringify(odd.properties)}`).toBe("unknown");
        }
      });
    });
  }
});
