import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LogsQueryResultStatus } from "@azure/monitor-query-logs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator/index.ts";
import {
  administrativeOperations,
  AGGREGATE_COLUMNS,
  aggregateAuditRows,
  createLogsQueryClient,
  keyAccessQuery,
  OPERATION_COLUMNS,
  readAuditRows,
  type LogTable,
} from "../../../shared/anomalies/index.ts";
import { EmulatorCredential } from "../../../dev/emulatorCredential.ts";

/**
 * Golden results: what the three key access queries return for a small fixture, worked out by
 * hand from the KQL text (not by running any of this code), row by row. Both the TypeScript twin
 * of the aggregation and the emulator's answer over the wire must equal them, so a change to
 * either that the KQL does not share fails here, whatever the two say about each other.
 */

const FIXTURES = join(import.meta.dirname, "../../fixtures");
const auditRows: Record<string, unknown>[] = JSON.parse(readFileSync(join(FIXTURES, "keyvault-logs/golden-rows.json"), "utf8"));
const activityRows: Record<string, unknown>[] = JSON.parse(readFileSync(join(FIXTURES, "activity-logs/golden-rows.json"), "utf8"));

const KV = "/subscriptions/11111111-2222-4333-8444-555555555555/resourcegroups/rg-golden/providers/microsoft.keyvault/vaults/kv-golden";
const LEGACY = "/subscriptions/11111111-2222-4333-8444-555555555555/resourcegroups/rg-golden/providers/microsoft.keyvault/vaults/kv-legacy";
const HSM = "/subscriptions/11111111-2222-4333-8444-555555555555/resourcegroups/rg-golden/providers/microsoft.keyvault/managedhsms/hsm-golden";
const DANA = { CallerOid: "aaaaaaaa-0000-4000-8000-000000000001", CallerAppId: "04b07795-8ddb-461a-bbee-02f9e1bf7b46" };
const SERVICE = { CallerOid: "bbbbbbbb-0000-4000-8000-000000000002", CallerAppId: "bbbbbbbb-0000-4000-8000-0000000000b2" };
const MALLORY = { CallerOid: "cccccccc-0000-4000-8000-000000000003", CallerAppId: "c44b4083-3bb0-49c1-b47d-974e53cbdf3c" };
const WRITE_BODY =
  '{"properties":{"workspaceId":"/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg-golden/providers/Microsoft.OperationalInsights/workspaces/law-golden","logs":[{"categoryGroup":"audit","enabled":true}]}}';

/**
 * AZKVAuditLogs. The 08:59:59.999 challenge falls in the 08:00 bin; Dana's three 200s from
 * 10.1.0.1 are one bucket whose names fold `Db-Password` and `db-password` into one and drop the
 * version and the query string; her 403 and her request from 10.1.0.2 are buckets of their own.
 * The service principal is named by the long object id claim of an Identity given as JSON text.
 */
const GOLDEN_AZKV = [
  {
    Hour: "2024-07-01T08:00:00.000Z",
    Vault: KV,
    CallerOid: "",
    CallerAppId: "",
    OperationName: "Authentication",
    ClientIp: "10.1.0.1",
    ResultClass: "challenge",
    Count: 1,
    Objects: 0,
    ObjectNames: [],
    FirstSeen: "2024-07-01T08:59:59.999Z",
    LastSeen: "2024-07-01T08:59:59.999Z",
    CallerUpn: "",
  },
  {
    Hour: "2024-07-01T09:00:00.000Z",
    Vault: KV,
    ...DANA,
    OperationName: "SecretGet",
    ClientIp: "10.1.0.1",
    ResultClass: "success",
    Count: 3,
    Objects: 2,
    ObjectNames: ["secrets/api-key", "secrets/db-password"],
    FirstSeen: "2024-07-01T09:00:00.000Z",
    LastSeen: "2024-07-01T09:30:00.000Z",
    CallerUpn: "dana@contoso.example",
  },
  {
    Hour: "2024-07-01T09:00:00.000Z",
    Vault: KV,
    ...DANA,
    OperationName: "SecretGet",
    ClientIp: "10.1.0.1",
    ResultClass: "forbidden",
    Count: 1,
    Objects: 1,
    ObjectNames: ["secrets/root-cert"],
    FirstSeen: "2024-07-01T09:45:00.000Z",
    LastSeen: "2024-07-01T09:45:00.000Z",
    CallerUpn: "dana@contoso.example",
  },
  {
    Hour: "2024-07-01T09:00:00.000Z",
    Vault: KV,
    ...DANA,
    OperationName: "SecretGet",
    ClientIp: "10.1.0.2",
    ResultClass: "success",
    Count: 1,
    Objects: 1,
    ObjectNames: ["secrets/api-key"],
    FirstSeen: "2024-07-01T09:50:00.000Z",
    LastSeen: "2024-07-01T09:50:00.000Z",
    CallerUpn: "dana@contoso.example",
  },
  {
    Hour: "2024-07-01T10:00:00.000Z",
    Vault: KV,
    ...SERVICE,
    OperationName: "KeyUnwrap",
    ClientIp: "20.0.0.5",
    ResultClass: "success",
    Count: 2,
    Objects: 1,
    ObjectNames: ["keys/cmk"],
    FirstSeen: "2024-07-01T10:00:00.000Z",
    LastSeen: "2024-07-01T10:20:00.000Z",
    CallerUpn: "",
  },
  {
    Hour: "2024-07-01T10:00:00.000Z",
    Vault: KV,
    ...SERVICE,
    OperationName: "KeyUnwrap",
    ClientIp: "20.0.0.5",
    ResultClass: "notfound",
    Count: 1,
    Objects: 1,
    ObjectNames: ["keys/old-cmk"],
    FirstSeen: "2024-07-01T10:40:00.000Z",
    LastSeen: "2024-07-01T10:40:00.000Z",
    CallerUpn: "",
  },
  {
    Hour: "2024-07-01T10:00:00.000Z",
    Vault: KV,
    ...SERVICE,
    OperationName: "KeyUnwrap",
    ClientIp: "20.0.0.5",
    ResultClass: "throttled",
    Count: 1,
    Objects: 1,
    ObjectNames: ["keys/cmk"],
    FirstSeen: "2024-07-01T10:41:00.000Z",
    LastSeen: "2024-07-01T10:41:00.000Z",
    CallerUpn: "",
  },
];

/**
 * AzureDiagnostics. The storage row and the Key Vault policy-evaluation row are filtered out; the
 * list of the collection itself names no object; the two gets, one with an empty UPN column, are
 * one bucket whose UPN is the non-empty one; the VaultGet's caller is the long object id column;
 * a missing status is its own class.
 */
const GOLDEN_DIAGNOSTICS = [
  {
    Hour: "2024-07-01T09:00:00.000Z",
    Vault: LEGACY,
    ...DANA,
    OperationName: "SecretList",
    ClientIp: "10.1.0.1",
    ResultClass: "success",
    Count: 1,
    Objects: 0,
    ObjectNames: [],
    FirstSeen: "2024-07-01T09:05:00.000Z",
    LastSeen: "2024-07-01T09:05:00.000Z",
    CallerUpn: "dana@contoso.example",
  },
  {
    Hour: "2024-07-01T09:00:00.000Z",
    Vault: LEGACY,
    ...DANA,
    OperationName: "SecretGet",
    ClientIp: "10.1.0.1",
    ResultClass: "success",
    Count: 2,
    Objects: 2,
    ObjectNames: ["secrets/other", "secrets/shared-token"],
    FirstSeen: "2024-07-01T09:06:00.000Z",
    LastSeen: "2024-07-01T09:07:00.000Z",
    CallerUpn: "dana@contoso.example",
  },
  {
    Hour: "2024-07-01T09:00:00.000Z",
    Vault: LEGACY,
    ...SERVICE,
    OperationName: "VaultGet",
    ClientIp: "20.0.0.5",
    ResultClass: "success",
    Count: 1,
    Objects: 0,
    ObjectNames: [],
    FirstSeen: "2024-07-01T09:10:00.000Z",
    LastSeen: "2024-07-01T09:10:00.000Z",
    CallerUpn: "",
  },
  {
    Hour: "2024-07-01T09:00:00.000Z",
    Vault: LEGACY,
    ...DANA,
    OperationName: "SecretGet",
    ClientIp: "10.1.0.1",
    ResultClass: "unknown",
    Count: 1,
    Objects: 1,
    ObjectNames: ["secrets/other"],
    FirstSeen: "2024-07-01T09:11:00.000Z",
    LastSeen: "2024-07-01T09:11:00.000Z",
    CallerUpn: "dana@contoso.example",
  },
];

/**
 * AzureActivity. The deletion's Start and Success (claims once an object, once JSON text) are one
 * operation; the service principal's write is named by its GUID `Caller`, and only its Start
 * carries the body; the refused role assignment under a managed HSM is one Failed record; the
 * storage account and the Policy-category record are not about a vault.
 */
const GOLDEN_OPERATIONS = [
  {
    CorrelationId: "6b1e0c4a-0000-4000-8000-0000000000c1",
    Target: `${KV}/providers/microsoft.insights/diagnosticsettings/audit-to-law`,
    Vault: KV,
    Operation: "microsoft.insights/diagnosticsettings/delete",
    ...MALLORY,
    FirstSeen: "2024-07-01T11:00:00.000Z",
    LastSeen: "2024-07-01T11:00:02.000Z",
    Started: 1,
    Succeeded: 1,
    Failed: 0,
    CallerUpn: "mallory@contoso.example",
    ClientIp: "203.0.113.9",
    RequestBody: "",
  },
  {
    CorrelationId: "6b1e0c4a-0000-4000-8000-0000000000c2",
    Target: `${LEGACY}/providers/microsoft.insights/diagnosticsettings/encryption-guard`,
    Vault: LEGACY,
    Operation: "microsoft.insights/diagnosticsettings/write",
    CallerOid: "eeeeeeee-0000-4000-8000-000000000005",
    CallerAppId: "eeeeeeee-0000-4000-8000-0000000000e5",
    FirstSeen: "2024-07-01T11:10:00.000Z",
    LastSeen: "2024-07-01T11:10:05.000Z",
    Started: 1,
    Succeeded: 1,
    Failed: 0,
    CallerUpn: "",
    ClientIp: "",
    RequestBody: WRITE_BODY,
  },
  {
    CorrelationId: "6b1e0c4a-0000-4000-8000-0000000000c3",
    Target: `${HSM}/providers/microsoft.authorization/roleassignments/0e6b0f2c-0000-4000-8000-0000000000a1`,
    Vault: HSM,
    Operation: "microsoft.authorization/roleassignments/write",
    ...MALLORY,
    FirstSeen: "2024-07-01T11:20:00.000Z",
    LastSeen: "2024-07-01T11:20:00.000Z",
    Started: 0,
    Succeeded: 0,
    Failed: 1,
    CallerUpn: "mallory@contoso.example",
    ClientIp: "203.0.113.9",
    RequestBody: "",
  },
];

const FROM = Date.parse("2024-07-01T00:00:00Z");
const TO = Date.parse("2024-07-02T00:00:00Z");

type Row = Record<string, unknown>;
const sorted = (rows: readonly Row[]): Row[] => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
const named = <T>(columns: readonly { name: string; cell(item: T): unknown }[], item: T): Row => Object.fromEntries(columns.map((column) => [column.name, column.cell(item)]));

describe("golden results of the key access queries, worked out by hand", () => {
  describe("the TypeScript twin", () => {
    const read = readAuditRows([...auditRows, ...activityRows]);

    it("reads every fixture row, leaving out the four that no query selects", () => {
      expect(read.report).toMatchObject({ total: 24, ignored: 4, bad: [], otherTables: {} });
    });

    it("aggregates AZKVAuditLogs and AzureDiagnostics to the golden rows", () => {
      const aggregates = aggregateAuditRows(read, FROM, TO).map((aggregate) => named(AGGREGATE_COLUMNS, aggregate));
      expect(sorted(aggregates)).toEqual(sorted([...GOLDEN_AZKV, ...GOLDEN_DIAGNOSTICS]));
    });

    it("groups AzureActivity into the golden operations", () => {
      expect(sorted(administrativeOperations(read, FROM, TO).map((operation) => named(OPERATION_COLUMNS, operation)))).toEqual(sorted(GOLDEN_OPERATIONS));
    });
  });

  describe("the emulator's answer, through LogsQueryClient", () => {
    const WORKSPACE = "0d9c4f2a-0000-4000-8000-00000000601d";
    let emulator: RunningEmulator;
    beforeAll(async () => {
      emulator = await startEmulator();
      for (const table of ["AZKVAuditLogs", "AzureDiagnostics", "AzureActivity"] as const) {
        emulator.logAnalytics.addRows(
          WORKSPACE,
          table,
          [...auditRows, ...activityRows].filter((row) => row.Type === table),
        );
      }
    });
    afterAll(async () => {
      await emulator.stop();
    });

    /** The answer's rows keyed by column name; dynamic and datetime cells back to what the KQL yields as JSON. */
    async function answer(table: LogTable): Promise<Row[]> {
      const client = createLogsQueryClient({ credential: new EmulatorCredential(), endpoint: `${emulator.endpoint}/v1`, ca: emulator.ca });
      const result = await client.queryWorkspace(WORKSPACE, keyAccessQuery(table), { startTime: new Date(FROM), endTime: new Date(TO) });
      if (result.status !== LogsQueryResultStatus.Success) throw new Error(`${table}: ${result.status}`);
      const [primary] = result.tables;
      const names = primary!.columnDescriptors.map((column) => column.name!);
      return primary!.rows.map((row) => Object.fromEntries(row.map((cell, index) => [names[index], cell instanceof Date ? cell.toISOString() : cell])));
    }

    it.each([
      ["AZKVAuditLogs", GOLDEN_AZKV],
      ["AzureDiagnostics", GOLDEN_DIAGNOSTICS],
      ["AzureActivity", GOLDEN_OPERATIONS],
    ] as const)("answers the %s query with the golden rows", async (table, golden) => {
      const rows = await answer(table);
      // make_set promises no order: compare the names as a set.
      const comparable = rows.map((row) => (Array.isArray(row.ObjectNames) ? { ...row, ObjectNames: [...row.ObjectNames].sort() } : row));
      expect(sorted(comparable)).toEqual(sorted(golden));
    });
  });
});
