import type { TokenCredential } from "@azure/core-auth";
import { isRestError } from "@azure/core-rest-pipeline";
import { LogsQueryClient, LogsQueryResultStatus, type LogsQueryResult } from "@azure/monitor-query-logs";
import { mergeOperations, operationsFromTable, type AdministrativeOperation } from "./administrative.ts";
import { aggregatesFromTable, HOUR_MS, mergeTableAggregates, type HourlyAggregate } from "./aggregate.ts";
import { keyAccessQuery } from "./queries.ts";
import { LOG_TABLE_NAMES, type LogTable } from "./schemas.ts";
import { mapConcurrently } from "../core/index.ts";

export const PUBLIC_LOG_ANALYTICS_ENDPOINT = "https://api.loganalytics.io/v1";

/** The one call of `LogsQueryClient` this module makes, so tests can stand in for it. */
export type LogsQueryRunner = Pick<LogsQueryClient, "queryWorkspace">;

export interface LogAnalyticsConnection {
  credential: TokenCredential;
  /** The query API's base URL, `/v1` included; Azure's public cloud when absent. */
  endpoint?: string;
  /** PEM of a CA to trust for this endpoint only (the emulator's certificate). */
  ca?: string;
  maxRetries?: number;
}

/** A LogsQueryClient whose pipeline retries throttling (honouring Retry-After) and transient failures. */
export function createLogsQueryClient(connection: LogAnalyticsConnection): LogsQueryClient {
  const endpoint = (connection.endpoint ?? PUBLIC_LOG_ANALYTICS_ENDPOINT).replace(/\/+$/, "");
  return new LogsQueryClient(connection.credential, {
    endpoint,
    ...(connection.ca ? { tlsOptions: { ca: connection.ca } } : {}),
    retryOptions: { maxRetries: connection.maxRetries ?? 4, retryDelayInMs: 1_000, maxRetryDelayInMs: 30_000 },
    userAgentOptions: { userAgentPrefix: "azure-encryption-guard" },
  });
}

export interface FetchOptions {
  workspaceIds: readonly string[];
  /** Start of the span the Key Vault audit tables are read for (an hour boundary). */
  from: number;
  /** End of the span (the analysis' `now`). */
  to: number;
  /**
   * Start of the span AzureActivity is read for: the window (nothing learns from the past of
   * administrative operations). Not read when absent.
   */
  activityFrom?: number;
  /**
   * Hours per query. The query API caps a result's rows and size; a day of hourly aggregates
   * fits comfortably, and a slice that still comes back truncated is split in two.
   */
  sliceHours?: number;
  /** Queries in flight at once, per analysis: stays well under the API's per-user rate. */
  concurrency?: number;
  serverTimeoutInSeconds?: number;
  /** Extra attempts after the SDK's own retries give up on throttling. */
  throttleRetries?: number;
  /** Wait before such an attempt when the service names none. */
  throttleBackoffMs?: number;
}

/** A span of time whose rows are missing or incomplete, and why. */
export interface CoverageGap {
  workspaceId: string;
  table: LogTable;
  from: number;
  to: number;
  reason: string;
}

export interface FetchResult {
  aggregates: HourlyAggregate[];
  operations: AdministrativeOperation[];
  gaps: CoverageGap[];
  /** Tables a workspace does not have (it never received such logs): not a gap. */
  absentTables: { workspaceId: string; table: LogTable }[];
  queries: number;
}

function isTableMissing(error: unknown): boolean {
  if (!isRestError(error) || error.statusCode !== 400) return false;
  return /failed to resolve table|could not be resolved|SemanticError/i.test(`${error.message} ${JSON.stringify(error.details ?? "")}`);
}

function isThrottled(error: unknown): boolean {
  return isRestError(error) && (error.statusCode === 429 || error.statusCode === 503);
}

function retryAfterMs(error: unknown): number | undefined {
  if (!isRestError(error)) return undefined;
  const header = error.response?.headers.get("retry-after");
  const seconds = header === undefined ? Number.NaN : Number(header);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

/** Size-limit truncation: the result is complete again once the slice is smaller. */
function isTruncation(result: Extract<LogsQueryResult, { status: LogsQueryResultStatus.PartialFailure }>): boolean {
  return /E_QUERY_RESULT_SET_TOO_LARGE|exceeded .*limit|too large/i.test(JSON.stringify(result.partialError));
}

function describe(error: unknown): string {
  if (isRestError(error)) return `${error.statusCode ?? "no status"} ${error.code ?? ""} ${error.message}`.replace(/\s+/g, " ").trim();
  return error instanceof Error ? error.message : String(error);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type ResultTable = { columnDescriptors: { name?: string }[]; rows: unknown[][] } | undefined;

/** What each table's query returns, read back from its result. */
interface SliceRows {
  aggregates: HourlyAggregate[];
  operations: AdministrativeOperation[];
}

function readTable(table: LogTable, result: ResultTable): SliceRows {
  if (!result) return { aggregates: [], operations: [] };
  const columns = result.columnDescriptors.map((column) => column.name ?? "");
  return table === "AzureActivity" ? { aggregates: [], operations: operationsFromTable(columns, result.rows) } : { aggregates: aggregatesFromTable(columns, result.rows), operations: [] };
}

/**
 * Reads the hourly key access aggregates of [from, to] from every workspace, both Key Vault
 * tables, in day slices, and the administrative operations of [activityFrom, to] from
 * AzureActivity. Failures degrade, they do not abort: a throttled or failing slice becomes a
 * coverage gap the analysis is told about, a truncated one is split until it fits, and a
 * workspace without one of the tables simply has none of its rows.
 */
export async function fetchKeyAccessAggregates(client: LogsQueryRunner, options: FetchOptions): Promise<FetchResult> {
  const sliceMs = (options.sliceHours ?? 24) * HOUR_MS;
  const throttleRetries = options.throttleRetries ?? 2;
  const backoffMs = options.throttleBackoffMs ?? 30_000;
  const gaps: CoverageGap[] = [];
  const absentTables: FetchResult["absentTables"] = [];
  let queries = 0;

  const runSlice = async (workspaceId: string, table: LogTable, from: number, to: number, absent: { value: boolean }): Promise<SliceRows> => {
    for (let attempt = 0; ; attempt++) {
      if (absent.value) return readTable(table, undefined);
      queries += 1;
      try {
        const result = await client.queryWorkspace(
          workspaceId,
          keyAccessQuery(table),
          { startTime: new Date(from), endTime: new Date(to) },
          options.serverTimeoutInSeconds ? { serverTimeoutInSeconds: options.serverTimeoutInSeconds } : {},
        );
        if (result.status === LogsQueryResultStatus.Success) return readTable(table, result.tables[0]);
        if (isTruncation(result) && to - from > HOUR_MS) {
          const middle = from + Math.max(1, Math.floor((to - from) / 2 / HOUR_MS)) * HOUR_MS;
          const [early, late] = [await runSlice(workspaceId, table, from, middle - 1, absent), await runSlice(workspaceId, table, middle, to, absent)];
          return { aggregates: [...early.aggregates, ...late.aggregates], operations: mergeOperations(early.operations, late.operations) };
        }
        gaps.push({ workspaceId, table, from, to, reason: `partial result: ${result.partialError.message}` });
        return readTable(table, result.partialTables[0]);
      } catch (error) {
        if (isTableMissing(error)) {
          if (!absent.value) absentTables.push({ workspaceId, table });
          absent.value = true;
          return readTable(table, undefined);
        }
        if (isThrottled(error) && attempt < throttleRetries) {
          await sleep(retryAfterMs(error) ?? backoffMs * 2 ** attempt);
          continue;
        }
        gaps.push({ workspaceId, table, from, to, reason: describe(error) });
        return readTable(table, undefined);
      }
    }
  };

  const spanOf = (table: LogTable) => (table === "AzureActivity" ? options.activityFrom : options.from);
  // Every slice of every workspace and table, run through one bounded queue.
  const jobs = options.workspaceIds.flatMap((workspaceId) =>
    LOG_TABLE_NAMES.flatMap((table) => {
      const start = spanOf(table);
      if (start === undefined) return [];
      const absent = { value: false };
      const slices: (() => Promise<SliceRows>)[] = [];
      for (let sliceStart = start; sliceStart < options.to; sliceStart += sliceMs) {
        const end = Math.min(options.to, sliceStart + sliceMs);
        // Adjacent slices share no instant: each ends a millisecond before the next begins.
        slices.push(() => runSlice(workspaceId, table, sliceStart, end === options.to ? end : end - 1, absent));
      }
      return [{ workspaceId, table, slices }];
    }),
  );
  const results = await mapConcurrently(
    jobs.flatMap((job) => job.slices),
    options.concurrency ?? 2,
    (slice) => slice(),
  );
  let offset = 0;
  const perJob = jobs.map((job) => {
    const rows = results.slice(offset, offset + job.slices.length);
    offset += job.slices.length;
    return { ...job, aggregates: rows.flatMap((slice) => slice.aggregates), operations: mergeOperations(...rows.map((slice) => slice.operations)) };
  });
  const perWorkspace = options.workspaceIds.map((workspaceId) => {
    const of = (table: LogTable) => perJob.find((job) => job.workspaceId === workspaceId && job.table === table);
    return { aggregates: mergeTableAggregates(of("AZKVAuditLogs")?.aggregates ?? [], of("AzureDiagnostics")?.aggregates ?? []), operations: of("AzureActivity")?.operations ?? [] };
  });
  // A vault's logs belong in one workspace; should two hold the same hour, the first listed wins.
  const aggregates = perWorkspace.reduce<HourlyAggregate[]>((merged, next) => mergeTableAggregates(merged, next.aggregates), []);
  return { aggregates, operations: mergeOperations(...perWorkspace.map((workspace) => workspace.operations)), gaps, absentTables, queries };
}
