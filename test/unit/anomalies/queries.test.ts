import { describe, expect, it } from "vitest";
import {
  AGGREGATE_COLUMNS,
  RESULT_CLASSES,
  AZKV_AUDIT_LOGS,
  AZURE_ACTIVITY,
  AZURE_DIAGNOSTICS,
  KEY_VAULT_LOG_TABLES,
  keyAccessQuery,
  OPERATION_COLUMNS,
  tableOfKeyAccessQuery,
  type KeyVaultLogTable,
} from "../../../shared/anomalies/index.ts";
import { analyzeQuery } from "./kusto.ts";

const TABLES: KeyVaultLogTable[] = ["AZKVAuditLogs", "AzureDiagnostics"];

describe("key access KQL, checked by Kusto's semantic analyser", () => {
  it.each(TABLES)("the %s query has no diagnostics against the table's schema", (table) => {
    const { diagnostics } = analyzeQuery(keyAccessQuery(table), [KEY_VAULT_LOG_TABLES[table]]);
    expect(diagnostics).toEqual([]);
  });

  it.each(TABLES)("the %s query returns the aggregate columns the client and the emulator use", (table) => {
    const { resultColumns } = analyzeQuery(keyAccessQuery(table), [KEY_VAULT_LOG_TABLES[table]]);
    expect(resultColumns).toEqual(AGGREGATE_COLUMNS.map(({ name, type }) => ({ name, type })));
  });

  it.each([
    ["AZKVAuditLogs", "HttpStatusCode", "HttpStatusCod"],
    ["AZKVAuditLogs", "CallerIpAddress", "CallerIPAddress"],
    ["AZKVAuditLogs", "_ResourceId", "ResourceId"],
    ["AzureDiagnostics", "httpStatusCode_d", "httpStatus_d"],
    ["AzureDiagnostics", "identity_claim_appid_g", "identity_claim_appId_g"],
  ] as const)("a misspelled column fails: %s %s -> %s", (table, column, misspelling) => {
    const query = keyAccessQuery(table).replace(column, misspelling);
    expect(query).not.toBe(keyAccessQuery(table));
    const { diagnostics } = analyzeQuery(query, [KEY_VAULT_LOG_TABLES[table]]);
    expect(diagnostics).toContainEqual(expect.objectContaining({ severity: "Error", text: misspelling }));
  });

  it("names a table the workspace does not have", () => {
    const { diagnostics } = analyzeQuery(keyAccessQuery("AZKVAuditLogs"), [AZURE_DIAGNOSTICS]);
    expect(diagnostics).toContainEqual(expect.objectContaining({ severity: "Error", text: "AZKVAuditLogs" }));
  });

  it("reads AzureDiagnostics columns a workspace may lack only through column_ifexists", () => {
    expect(AZURE_DIAGNOSTICS.columns.identity_claim_upn_s).toBeUndefined();
    expect(keyAccessQuery("AzureDiagnostics")).toContain('column_ifexists("identity_claim_upn_s", "")');
    const direct = keyAccessQuery("AzureDiagnostics").replace('column_ifexists("identity_claim_upn_s", "")', "identity_claim_upn_s");
    expect(analyzeQuery(direct, [AZURE_DIAGNOSTICS]).diagnostics).toContainEqual(expect.objectContaining({ text: "identity_claim_upn_s" }));
  });

  it("declares the resource-specific table's documented columns with their types", () => {
    expect(Object.keys(AZKV_AUDIT_LOGS.columns)).toHaveLength(51);
    expect(AZKV_AUDIT_LOGS.columns).toMatchObject({ TimeGenerated: "datetime", Identity: "dynamic", HttpStatusCode: "int", _ResourceId: "string", CallerIpAddress: "string" });
    expect(AZURE_DIAGNOSTICS.columns).toMatchObject({ identity_claim_oid_g: "guid", httpStatusCode_d: "real", CallerIPAddress: "string", TimeGenerated: "datetime" });
  });

  it.each(TABLES)("the %s query's result classes are exactly the ones the detectors know", (table) => {
    const classes = [...keyAccessQuery(table).matchAll(/"([a-z]+)"\)?(?:,|$)/gm)].map((match) => match[1]);
    expect(new Set(classes)).toEqual(new Set(RESULT_CLASSES));
  });

  it("recognizes its own query texts and nothing else", () => {
    expect(tableOfKeyAccessQuery(keyAccessQuery("AzureDiagnostics"))).toBe("AzureDiagnostics");
    expect(tableOfKeyAccessQuery(keyAccessQuery("AzureActivity"))).toBe("AzureActivity");
    expect(tableOfKeyAccessQuery(`  ${keyAccessQuery("AZKVAuditLogs")}\n`)).toBe("AZKVAuditLogs");
    expect(tableOfKeyAccessQuery("AZKVAuditLogs | take 10")).toBeUndefined();
  });
});

describe("the AzureActivity query, checked by Kusto's semantic analyser", () => {
  const query = keyAccessQuery("AzureActivity");

  it("has no diagnostics against the activity log's columns", () => {
    expect(analyzeQuery(query, [AZURE_ACTIVITY]).diagnostics).toEqual([]);
  });

  it("returns the operation columns the client and the emulator use", () => {
    expect(analyzeQuery(query, [AZURE_ACTIVITY]).resultColumns).toEqual(OPERATION_COLUMNS.map(({ name, type }) => ({ name, type })));
  });

  it.each([
    ["OperationNameValue", "OperationNameValu"],
    ["ActivityStatusValue", "ActivityStatus_s"],
    ["Claims_d", "Claim_d"],
    ["Properties_d", "Properties_s"],
    ["CategoryValue", "CategoryValues"],
  ])("a misspelled column fails: %s -> %s", (column, misspelling) => {
    const misspelled = query.replace(column, misspelling);
    expect(misspelled).not.toBe(query);
    expect(analyzeQuery(misspelled, [AZURE_ACTIVITY]).diagnostics).toContainEqual(expect.objectContaining({ severity: "Error", text: misspelling }));
  });

  it("declares the table reference's columns with their types", () => {
    expect(Object.keys(AZURE_ACTIVITY.columns)).toHaveLength(37);
    expect(AZURE_ACTIVITY.columns).toMatchObject({ TimeGenerated: "datetime", Claims_d: "dynamic", Properties_d: "dynamic", OperationNameValue: "string", _ResourceId: "string", Caller: "string" });
  });
});
