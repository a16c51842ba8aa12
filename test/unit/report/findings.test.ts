import { describe, expect, it } from "vitest";
import type { Finding } from "../../../shared/controls/types.ts";
import { formatFindings } from "../../../shared/report/index.ts";

const finding = (over: Partial<Finding> = {}): Finding => ({
  resourceId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1",
  resourceType: "Microsoft.Storage/storageAccounts",
  controlId: "storage.min-tls",
  title: "t",
  status: "noncompliant",
  severity: "high",
  stage: "in-transit",
  classification: "general",
  evidence: { path: "properties.minimumTlsVersion", actual: null, expected: 'TLS1_2, or a "newer" one' },
  decision: "remediate",
  ...over,
});

describe("formatFindings", () => {
  it("json keeps the public contract and nothing internal", () => {
    const parsed = JSON.parse(formatFindings([finding()], "json"));
    expect(Object.keys(parsed.findings[0]).sort()).toEqual(["controlId", "decision", "evidence", "resourceId", "severity", "status"]);
  });

  it("csv quotes cells with commas and quotes", () => {
    const lines = formatFindings([finding()], "csv").trim().split("\n");
    expect(lines[0]).toBe("resourceId,controlId,status,severity,path,actual,expected,decision,reason");
    expect(lines[1]).toContain('"TLS1_2, or a ""newer"" one"');
  });

  it("markdown escapes pipes and table shows absent values", () => {
    expect(formatFindings([finding({ evidence: { path: "p", actual: "a|b", expected: "x" } })], "markdown")).toContain("a\\|b");
    expect(formatFindings([finding()], "table")).toContain("(absent)");
    expect(formatFindings([finding(), finding({ status: "compliant" })], "table")).toContain("2 findings: 1 noncompliant, 1 compliant");
  });
});
