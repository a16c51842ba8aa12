import { readFileSync } from "node:fs";
import { join } from "node:path";
import AjvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../../shared/controls/index.ts";
import { fingerprintOf, formatFindings } from "../../../shared/report/index.ts";
import { finding, HOSTILE, storageId, tdeId } from "./fixtures.ts";

/**
 * The SARIF 2.1.0 schema as Microsoft's SARIF SDK ships it (@microsoft/jest-sarif, a dev
 * dependency): JSON Schema draft-04, so Ajv's draft-04 class validates it, with the formats
 * (uri, date-time) the schema uses.
 */
const SCHEMA = JSON.parse(readFileSync(join(import.meta.dirname, "../../../node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
// The schema's language pattern is not valid with the u flag (a stray bracket), as JSON Schema draft-04 patterns need not be.
// Both are CommonJS modules whose class and plugin are their `default` export.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
ajvFormats.default(ajv);
const validate = ajv.compile(SCHEMA);

const generatedAt = new Date("2026-03-01T10:00:00Z");
const findings = [
  finding({ resourceId: tdeId("sql1", "db1"), controlId: "sql.tde", severity: "critical", title: "TDE on", evidence: { path: "properties.state", actual: "Disabled", expected: "Enabled" } }),
  finding({ resourceId: storageId(HOSTILE.replace(/ /g, "")), evidence: { path: "properties.minimumTlsVersion", actual: HOSTILE, expected: "TLS1_2" }, reason: "why" }),
  finding({ resourceId: storageId("fine"), status: "compliant" }),
  finding({ resourceId: storageId("na"), status: "not-applicable", severity: "low" }),
  finding({ resourceId: storageId("low"), controlId: "storage.infrastructure-encryption", severity: "low" }),
];

async function sarif(list = findings, context = {}) {
  return JSON.parse(await formatFindings(list, "sarif", { generatedAt, ...context }));
}

describe("sarif", () => {
  it("is valid SARIF 2.1.0 by the schema, with and without findings", async () => {
    for (const log of [await sarif(), await sarif([]), await sarif(findings, { docsBaseUrl: "https://github.com/contoso/guard/blob/main/docs/controls/", inputFile: "estate/export.json" })]) {
      const valid = validate(log);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it("the schema check can fail: a log that breaks it is refused", async () => {
    const log = await sarif();
    log.runs[0].results[0].level = "fatal";
    expect(validate(log)).toBe(false);
  });

  it("has one rule per control with name, help, doc link and security-severity", async () => {
    const log = await sarif(findings, { docsBaseUrl: "https://docs.example/controls" });
    const rules = log.runs[0].tool.driver.rules;
    expect(rules.map((r: any) => r.id)).toEqual(CATALOG.map((c) => c.id));
    const tls = rules.find((r: any) => r.id === "storage.min-tls");
    expect(tls).toMatchObject({ name: "StorageMinTls", shortDescription: { text: expect.any(String) }, helpUri: "https://docs.example/controls/storage.min-tls.md" });
    expect(tls.help.markdown).toContain("(https://docs.example/controls/storage.min-tls.md)");
    expect(tls.properties["security-severity"]).toBe("8.0");
    expect(rules.find((r: any) => r.id === "sql.tde").properties["security-severity"]).toBe("9.5");
    // Without a published base the help names the repository page; helpUri must be absolute, so it is left out.
    const local = (await sarif()).runs[0].tool.driver.rules[0];
    expect(local.helpUri).toBeUndefined();
    expect(local.help.text).toContain(`docs/controls/${local.id}.md`);
  });

  it("has one result per non-compliant finding: level from severity, resource as logical location, evidence, fingerprint", async () => {
    const log = await sarif();
    const results = log.runs[0].results;
    expect(results).toHaveLength(findings.filter((f) => f.status === "noncompliant").length);
    const [tde, hostile, low] = results;
    expect(tde).toMatchObject({ ruleId: "sql.tde", level: "error", ruleIndex: CATALOG.findIndex((c) => c.id === "sql.tde") });
    expect(tde.locations[0].logicalLocations[0]).toEqual({ name: "sql1/db1", fullyQualifiedName: tdeId("sql1", "db1"), kind: "resource" });
    expect(tde.message.text).toContain("properties.state is Disabled, expected Enabled");
    expect(tde.properties.evidence).toEqual({ path: "properties.state", actual: "Disabled", expected: "Enabled" });
    expect(hostile.properties.evidence.actual).toBe(HOSTILE);
    expect(hostile.properties.reason).toBe("why");
    expect(low.level).toBe("note");
    expect(tde.partialFingerprints["resourceControl/v1"]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("keeps a finding's fingerprint across runs and id casing, and tells resources and controls apart", async () => {
    const once = (await sarif()).runs[0].results[0].partialFingerprints["resourceControl/v1"];
    const again = (await sarif([{ ...findings[0]!, resourceId: findings[0]!.resourceId.toUpperCase() }])).runs[0].results[0].partialFingerprints["resourceControl/v1"];
    expect(again).toBe(once);
    expect(fingerprintOf({ resourceId: storageId("a"), controlId: "storage.min-tls" })).not.toBe(fingerprintOf({ resourceId: storageId("b"), controlId: "storage.min-tls" }));
    expect(fingerprintOf({ resourceId: storageId("a"), controlId: "storage.min-tls" })).not.toBe(fingerprintOf({ resourceId: storageId("a"), controlId: "storage.cmk" }));
  });

  it("places results in the evaluated file when there is one", async () => {
    const log = await sarif(findings, { inputFile: join(process.cwd(), "estate", "export.json") });
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("estate/export.json");
  });
});
