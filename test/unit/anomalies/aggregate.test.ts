import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  AGGREGATE_COLUMNS,
  aggregateAuditRows,
  aggregatesFromTable,
  aggregateToRow,
  classifyResult,
  mergeTableAggregates,
  normalizeRow,
  readAuditRows,
  type HourlyAggregate,
} from "../../../shared/anomalies/index.ts";

const FIXTURES = join(import.meta.dirname, "../../fixtures/keyvault-logs");
const fixture = (name: string): unknown[] => JSON.parse(readFileSync(join(FIXTURES, name), "utf8"));

type Printable = Omit<HourlyAggregate, "hour" | "firstSeen" | "lastSeen"> & { hour: string; firstSeen: string; lastSeen: string };
const printable = (aggregates: HourlyAggregate[]): Printable[] =>
  aggregates
    .map((a) => ({ ...a, hour: new Date(a.hour).toISOString(), firstSeen: new Date(a.firstSeen).toISOString(), lastSeen: new Date(a.lastSeen).toISOString() }))
    .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));

const ALL_TIME = [0, Date.parse("2100-01-01T00:00:00Z")] as const;

describe("the key access aggregation (the KQL's TypeScript twin)", () => {
  it("aggregates the AZKVAuditLogs fixture to the reviewed expectation", () => {
    const read = readAuditRows(fixture("azkv-audit-rows.json"));
    expect(read.report.bad).toEqual([]);
    expect(printable(aggregateAuditRows(read, ...ALL_TIME))).toEqual(fixture("expected-aggregates.json"));
  });

  it("aggregates the same events logged to AzureDiagnostics identically, skipping other providers and categories", () => {
    const read = readAuditRows(fixture("azure-diagnostics-rows.json"));
    expect(read.report).toMatchObject({ total: 19, ignored: 2, bad: [] });
    expect(printable(aggregateAuditRows(read, ...ALL_TIME))).toEqual(fixture("expected-aggregates.json"));
  });

  it("classifies results as the query's case() does, the challenge apart from a denial", () => {
    expect(classifyResult("Authentication", 401, false)).toBe("challenge");
    expect(classifyResult("Authentication", 401, true)).toBe("unauthorized");
    expect(classifyResult("SecretGet", 401, false)).toBe("unauthorized");
    expect([200, 204, 302, 403, 404, 409, 429, 500, 0].map((status) => classifyResult("SecretGet", status, true))).toEqual([
      "success",
      "success",
      "success",
      "forbidden",
      "notfound",
      "clienterror",
      "throttled",
      "servererror",
      "servererror",
    ]);
    expect(classifyResult("SecretGet", undefined, true)).toBe("unknown");
  });

  it("reports each bad row with its field and reason, and keeps going", () => {
    const read = readAuditRows(fixture("bad-rows.json"));
    expect(read.records.AZKVAuditLogs).toEqual([]);
    expect(read.report.bad.map((bad) => bad.index)).toEqual([0, 1, 2, 3, 4, 5]);
    const reasons = read.report.bad.map((bad) => bad.reason);
    expect(reasons[0]).toMatch(/^TimeGenerated: expected an ISO 8601 date-time, got "yesterday"/);
    expect(reasons[1]).toMatch(/^_ResourceId: expected a non-empty string/);
    expect(reasons[2]).toMatch(/^Identity: expected an object or its JSON text/);
    expect(reasons[3]).toMatch(/^HttpStatusCode: expected an HTTP status code, got "two hundred"/);
    expect(reasons[4]).toMatch(/^expected an object/);
    expect(reasons[5]).toMatch(/not an AZKVAuditLogs row/);
  });

  it("takes the object id from either claim name and lower-cases ids, keeping the UPN as written", () => {
    const row = normalizeRow({
      TimeGenerated: "2024-06-03T09:00:00Z",
      _ResourceId: "/SUBSCRIPTIONS/X/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV",
      OperationName: "KeyGet",
      HttpStatusCode: "200",
      Identity: { claim: { "http://schemas.microsoft.com/identity/claims/objectidentifier": "ABC", appid: "DEF", upn: "Alice@Contoso.example" } },
      Id: "https://kv.vault.azure.net/keys/Main/1",
    });
    expect(row).toMatchObject({
      status: "record",
      table: "AZKVAuditLogs",
      record: {
        vault: "/subscriptions/x/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv",
        callerOid: "abc",
        callerAppId: "def",
        callerUpn: "Alice@Contoso.example",
        httpStatus: 200,
        objectName: "keys/main",
      },
    });
  });

  it("reads a query result back by column name, whatever the column order", () => {
    const read = readAuditRows(fixture("azkv-audit-rows.json"));
    const aggregates = aggregateAuditRows(read, ...ALL_TIME);
    const names = AGGREGATE_COLUMNS.map((column) => column.name);
    const order = [...names.keys()].reverse();
    const rows = aggregates.map(aggregateToRow).map((row) => order.map((index) => row[index]));
    expect(
      printable(
        aggregatesFromTable(
          order.map((index) => names[index]!),
          rows,
        ),
      ),
    ).toEqual(printable(aggregates));
    expect(() => aggregatesFromTable(names.slice(1), [])).toThrow(/no Hour column/);
    expect(() => aggregatesFromTable(names, [aggregateToRow(aggregates[0]!).map((cell, index) => (index === 7 ? "many" : cell))])).toThrow(/row 0, column Count/);
  });

  it("prefers the resource-specific table for a vault-hour both tables hold", () => {
    const read = readAuditRows(fixture("azkv-audit-rows.json"));
    const aggregates = aggregateAuditRows(read, ...ALL_TIME);
    const legacyOnlyHour = { ...aggregates[0]!, hour: aggregates[0]!.hour + 86_400_000 };
    const merged = mergeTableAggregates(aggregates, [...aggregates, legacyOnlyHour]);
    expect(merged).toHaveLength(aggregates.length + 1);
    expect(merged.at(-1)).toBe(legacyOnlyHour);
  });
});
