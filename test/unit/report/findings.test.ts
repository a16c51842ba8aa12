import { describe, expect, it } from "vitest";
import { csvCell, formatFindings, markdownCode, type RunFix, type UnevaluatedDocument } from "../../../shared/report/index.ts";
import { finding, HOSTILE, storageId, tdeId } from "./fixtures.ts";

describe("json", () => {
  it("keeps the public contract and nothing internal, written one finding at a time", async () => {
    const findings = [finding(), finding({ status: "compliant", reason: "set" })];
    const text = await formatFindings(findings, "json");
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed.findings[0]).sort()).toEqual(["azurePolicyDefinitionId", "controlId", "decision", "evidence", "mcsb", "resourceId", "severity", "status"]);
    expect(parsed.findings[1].reason).toBe("set");
    // Byte for byte what JSON.stringify prints for the whole object: streaming changed nothing.
    expect(text).toBe(JSON.stringify(parsed, null, 2) + "\n");
    expect(await formatFindings([], "json")).toBe('{\n  "findings": []\n}\n');
  });

  it("carries the MCSB control and the Azure Policy definition of each finding's control as data", async () => {
    const [parsed] = JSON.parse(await formatFindings([finding()], "json")).findings;
    expect(parsed).toMatchObject({ controlId: "storage.min-tls", mcsb: "DP-3", azurePolicyDefinitionId: "/providers/Microsoft.Authorization/policyDefinitions/fe83a0eb-a853-422d-aac2-1bffd182c5d0" });
  });

  it("lists the documents it did not evaluate and the fixes the run made after the findings, still one JSON document", async () => {
    const unevaluated: UnevaluatedDocument[] = [{ index: 2, resourceId: "/x", type: "Microsoft.Storage/storageAcounts", problem: "unknown-type", message: "did you mean" }];
    const fixes: RunFix[] = [{ actionId: "a-1", resourceId: storageId("st1"), controlId: "storage.min-tls", status: "applied", summary: "s", changes: [], recorded: false }];
    const text = await formatFindings([finding()], "json", { generatedAt: new Date(0), unevaluated, fixes });
    const parsed = JSON.parse(text);
    expect(parsed).toMatchObject({ unevaluated, fixes });
    expect(text).toBe(JSON.stringify(parsed, null, 2) + "\n");
    expect(JSON.parse(await formatFindings([], "json", { generatedAt: new Date(0), fixes }))).toEqual({ findings: [], fixes });
  });
});

describe("csv", () => {
  it("quotes cells with commas and quotes, and names the resource as people know it", async () => {
    const lines = (await formatFindings([finding({ resourceId: tdeId("sql1", "db1") })], "csv")).trim().split("\n");
    expect(lines[0]).toBe("resourceId,controlId,status,severity,path,actual,expected,decision,reason,resourceName");
    expect(lines[1]).toContain('"TLS1_2, or a ""newer"" one"');
    expect(lines[1]!.endsWith(",sql1/db1")).toBe(true);
  });

  it.each([
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ["+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", `"'\r=1"`],
    ["plain", "plain"],
  ])("neutralises a cell that a spreadsheet would run: %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it("neutralises formulas in evidence and ids of a real report", async () => {
    const text = await formatFindings([finding({ evidence: { path: "properties.x", actual: '=HYPERLINK("http://evil","x")', expected: "y" } })], "csv");
    expect(text).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
  });
});

describe("table", () => {
  it("shows the names people know, where they live, path and reason, and absent values", async () => {
    const text = await formatFindings([finding({ resourceId: tdeId("sql-a", "db1"), status: "unknown", reason: "the property is missing" }), finding({ resourceId: tdeId("sql-b", "db1") })], "table");
    expect(text).toContain("sql-a/db1");
    expect(text).toContain("sql-b/db1");
    expect(text).not.toMatch(/ current /);
    expect(text).toContain("rg-sql");
    expect(text).toContain("properties.minimumTlsVersion");
    expect(text).toContain("the property is missing");
    expect(text).toContain("(absent)");
    expect(text).toContain("2 findings: 1 noncompliant, 1 unknown");
  });

  it("sorts problems first, the most severe first", async () => {
    const text = await formatFindings(
      [
        finding({ resourceId: storageId("ok"), status: "compliant", severity: "critical" }),
        finding({ resourceId: storageId("low"), severity: "low" }),
        finding({ resourceId: storageId("crit"), severity: "critical" }),
        finding({ resourceId: storageId("unk"), status: "unknown", severity: "critical" }),
        finding({ resourceId: storageId("high"), severity: "high" }),
      ],
      "table",
    );
    const order = ["crit", "high", "low", "unk", "ok"].map((name) => text.indexOf(` ${name} `));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("writes control characters from a resource as visible escapes, never to the terminal", async () => {
    const text = await formatFindings([finding({ evidence: { path: "p", actual: "\u001b[31mred\u001b[0m\u202Eevil", expected: "x" } })], "table");
    expect(text).not.toMatch(/[\u001b\u202e]/);
    expect(text).toContain("\\u001b[31mred");
    expect(text).toContain("\\u202eevil");
  });

  it("renders 140,000 findings (a spread into Math.max overflowed the stack at 130,000)", async () => {
    const many = Array.from({ length: 140_000 }, (_, i) => finding({ resourceId: storageId(`st${i}`) }));
    const text = await formatFindings(many, "table");
    expect(text.split("\n").length).toBe(140_000 + 4);
    expect(text).toContain("140000 findings: 140000 noncompliant");
  });
});

describe("markdown", () => {
  it("keeps the table whole with a | or a backtick in a value, and puts resource text in code spans", async () => {
    const text = await formatFindings(
      [finding({ resourceId: storageId("st`1|x"), evidence: { path: "p", actual: "a|b``c", expected: "`x`" }, reason: `${HOSTILE} [click](https://evil) @org/team` })],
      "markdown",
    );
    const row = text.split("\n")[2]!;
    // Ten columns: eleven unescaped pipes.
    expect(row.match(/(?<!\\)\|/g)).toHaveLength(11);
    expect(row).toContain("```a\\|b``c```");
    expect(row).toContain("`` `x` ``");
    expect(row).toContain(`\`${HOSTILE} [click](https://evil) @org/team\``);
    expect(text).toContain("1 findings: 1 noncompliant");
  });

  it("code spans take a fence longer than any backtick run inside", () => {
    expect(markdownCode("a`b")).toBe("``a`b``");
    expect(markdownCode("```")).toBe("```` ``` ````");
    expect(markdownCode("")).toBe("");
  });
});
