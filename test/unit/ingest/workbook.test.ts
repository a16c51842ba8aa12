import { describe, expect, it } from "vitest";
import type { TableSchema } from "../../../shared/anomalies/index.ts";
import {
  FINDINGS_LOG_COLUMNS,
  FINDINGS_TABLE,
  FINDINGS_TABLE_SCHEMA,
  findingsWorkbook,
  INGESTION_TRANSFORM,
  kustoType,
  WORKBOOK_QUERIES,
  type WorkbookQueryName,
} from "../../../shared/ingest/index.ts";
import { analyzeQuery } from "../anomalies/kusto.ts";

const NAMES = Object.keys(WORKBOOK_QUERIES) as WorkbookQueryName[];
const errors = (query: string, tables: readonly TableSchema[] = [FINDINGS_TABLE_SCHEMA]) => analyzeQuery(query, tables).diagnostics.filter((d) => d.severity === "Error");

describe("the workbook's KQL, checked by Kusto's semantic analyser against the findings table", () => {
  it.each(NAMES)("%s has no errors against EncryptionGuardFindings_CL's columns", (name) => {
    expect(errors(WORKBOOK_QUERIES[name])).toEqual([]);
  });

  it.each([
    ["postureByStatus", "Status", "Statuz"],
    ["complianceTrend", "ControlId", "ControlID"],
    ["fixesMade", "ActionId", "ActionID"],
    ["anomalies", "AnomalyKind", "AnomalyType"],
  ] as const)("a misspelled column fails: %s %s -> %s", (name, column, misspelling) => {
    const query = WORKBOOK_QUERIES[name].replace(column, misspelling);
    expect(query).not.toBe(WORKBOOK_QUERIES[name]);
    expect(errors(query)).toContainEqual(expect.objectContaining({ text: misspelling }));
  });

  it("fails on a workspace without the table", () => {
    expect(errors(WORKBOOK_QUERIES.postureByStatus, [{ name: "SomethingElse_CL", columns: { TimeGenerated: "datetime" } }])).toContainEqual(expect.objectContaining({ text: FINDINGS_TABLE }));
  });

  it("the trend is one compliant share per day, the fixes table carries the action ids rollback takes", () => {
    expect(analyzeQuery(WORKBOOK_QUERIES.complianceTrend, [FINDINGS_TABLE_SCHEMA]).resultColumns).toEqual([
      { name: "Day", type: "datetime" },
      { name: "CompliantPercent", type: "real" },
    ]);
    expect(analyzeQuery(WORKBOOK_QUERIES.fixesMade, [FINDINGS_TABLE_SCHEMA]).resultColumns.map((c) => c.name)).toEqual(expect.arrayContaining(["ActionId", "ActionKind", "Status", "RollbackOf"]));
  });

  it("every query item of the workbook is one of these queries, timed by the workbook's TimeRange parameter", () => {
    const workbook = findingsWorkbook();
    const queries = workbook.items.filter((item) => item.type === 3).map((item) => item.content as { query: string; timeContextFromParameter: string });
    expect(queries.map((q) => q.query).sort()).toEqual(Object.values(WORKBOOK_QUERIES).sort());
    expect(new Set(queries.map((q) => q.timeContextFromParameter))).toEqual(new Set(["TimeRange"]));
    const parameters = workbook.items.filter((item) => item.type === 9).flatMap((item) => (item.content as { parameters: { name: string }[] }).parameters.map((p) => p.name));
    expect(parameters).toEqual(["TimeRange"]);
  });
});

describe("the data collection rule's transform", () => {
  const source: TableSchema = { name: "source", columns: Object.fromEntries(FINDINGS_LOG_COLUMNS.map((c) => [c.name, kustoType(c.type)])) };

  it("reads only the stream's declared columns and outputs exactly the table's columns", () => {
    const analysis = analyzeQuery(INGESTION_TRANSFORM, [source]);
    expect(analysis.diagnostics.filter((d) => d.severity === "Error")).toEqual([]);
    expect(analysis.resultColumns).toEqual(FINDINGS_LOG_COLUMNS.map((c) => ({ name: c.name, type: kustoType(c.type) })));
  });

  it("would fail on a stream that does not declare what it reads", () => {
    const { RecordKind: _dropped, ...columns } = source.columns;
    expect(analyzeQuery(INGESTION_TRANSFORM, [{ name: "source", columns }]).diagnostics).toContainEqual(expect.objectContaining({ severity: "Error", text: "RecordKind" }));
  });
});
