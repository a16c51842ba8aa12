import type { IncomingMessage, ServerResponse } from "node:http";
import { aggregateOperations, aggregateRecords, aggregateToRow, AGGREGATE_COLUMNS, OPERATION_COLUMNS, operationToRow, tableOfKeyAccessQuery, type KustoType } from "../../shared/anomalies/index.ts";
import type { LogAnalyticsStore, LogQueryLogEntry } from "./store.ts";
import { parseTimespan, TimespanError } from "./timespan.ts";

const QUERY_PATH = /^\/v1\/workspaces\/([^/]+)\/query\/?$/i;
const MAX_BODY_BYTES = 1024 * 1024;

/** Whether a request is for the Log Analytics query API (the rest of the emulator is ARM). */
export function isLogAnalyticsRequest(req: IncomingMessage): boolean {
  return /^\/v1\/workspaces\//i.test(req.url ?? "");
}

class QueryError extends Error {
  readonly status: number;
  readonly code: string;
  readonly inner: string | undefined;
  constructor(status: number, code: string, message: string, inner?: string) {
    super(message);
    this.status = status;
    this.code = code;
    this.inner = inner;
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...headers, "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(payload) });
  res.end(payload);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new QueryError(413, "PayloadTooLarge", `The request body exceeds ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk as Buffer);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new QueryError(400, "BadArgumentError", "The request body is not valid JSON.");
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw new QueryError(400, "BadArgumentError", "The request body must be a JSON object with a query.");
  return body as Record<string, unknown>;
}

/**
 * `POST /v1/workspaces/{id}/query`, as the Log Analytics query API answers it, for the key
 * access queries only (the two Key Vault audit log queries and the activity log one): their
 * aggregation is computed here, by the query's TypeScript twin, over the rows the workspace
 * holds within the timespan. Like the service, it answers 400 for a table
 * the workspace never received, 429 when told to throttle, and truncates an oversized result
 * into a 200 with `error` (a partial failure).
 */
export async function handleLogAnalyticsRequest(store: LogAnalyticsStore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? "/";
  const workspaceId = decodeURIComponent(QUERY_PATH.exec(url.split("?")[0]!)?.[1] ?? "");
  const entry: LogQueryLogEntry = { workspaceId, table: undefined, timespan: undefined, status: 0, rows: 0 };
  store.queries.push(entry);
  try {
    if (req.method !== "POST" || workspaceId === "") throw new QueryError(404, "PathNotFoundError", `The requested path ${req.method} ${url} does not exist.`);
    if (!/^Bearer\s+\S+/i.test(req.headers.authorization ?? "")) throw new QueryError(401, "AuthorizationRequiredError", "Valid authentication was not provided.");
    const body = await readJson(req);
    if (typeof body.query !== "string" || body.query.trim() === "") throw new QueryError(400, "BadArgumentError", "The request had some invalid properties: query is required.");
    if (!store.hasWorkspace(workspaceId)) throw new QueryError(404, "WorkspaceNotFoundError", `The workspace ${workspaceId} could not be found.`);
    const retryAfter = store.takeThrottle(workspaceId);
    if (retryAfter !== undefined) {
      entry.status = 429;
      send(res, 429, { error: { code: "ThrottledError", message: "Too many requests: the workspace's query rate was exceeded." } }, { "retry-after": String(retryAfter) });
      return;
    }
    const table = tableOfKeyAccessQuery(body.query);
    entry.table = table;
    if (!table) throw new QueryError(400, "BadArgumentError", "The emulator answers only the key access queries.", "SyntaxError");
    const timespan = typeof body.timespan === "string" ? body.timespan : undefined;
    entry.timespan = timespan;
    const range = timespan === undefined ? undefined : parseTimespan(timespan);
    const inRange = <T extends { time: number }>(records: readonly T[]) => (range ? records.filter((record) => record.time >= range.from && record.time <= range.to) : records);
    const missing = () => new QueryError(400, "BadArgumentError", `'where' operator: Failed to resolve table or column expression named '${table}'`, "SemanticError");
    if (table === "AzureActivity") {
      const records = store.activity(workspaceId);
      if (!records) throw missing();
      answer(res, entry, OPERATION_COLUMNS, aggregateOperations(inRange(records)).map(operationToRow), store.maxResultRows);
      return;
    }
    const records = store.records(workspaceId, table);
    if (!records) throw missing();
    answer(res, entry, AGGREGATE_COLUMNS, aggregateRecords(inRange(records)).map(aggregateToRow), store.maxResultRows);
  } catch (error) {
    const problem = error instanceof TimespanError ? new QueryError(400, "BadArgumentError", error.message) : error;
    if (!(problem instanceof QueryError)) throw error;
    entry.status = problem.status;
    send(res, problem.status, { error: { code: problem.code, message: problem.message, ...(problem.inner ? { innererror: { code: problem.inner, message: problem.message } } : {}) } });
  }
}

/** Dynamic cells travel as JSON text, as the service sends them (the SDK parses them back). */
function encodeRow(columns: readonly { type: KustoType }[], row: unknown[]): unknown[] {
  return row.map((cell, index) => (columns[index]!.type === "dynamic" ? JSON.stringify(cell) : cell));
}

function answer(res: ServerResponse, entry: LogQueryLogEntry, columns: readonly { name: string; type: KustoType }[], rows: unknown[][], maxRows: number): void {
  const truncated = rows.length > maxRows;
  const kept = truncated ? rows.slice(0, maxRows) : rows;
  entry.status = 200;
  entry.rows = kept.length;
  send(res, 200, {
    tables: [{ name: "PrimaryResult", columns: columns.map(({ name, type }) => ({ name, type })), rows: kept.map((row) => encodeRow(columns, row)) }],
    ...(truncated
      ? {
          error: {
            code: "PartialError",
            message: "There were some errors when processing your query.",
            details: [
              {
                code: "EngineError",
                message: `Query result set has exceeded the internal record count limit ${maxRows}.`,
                innererror: { code: "E_QUERY_RESULT_SET_TOO_LARGE", message: "Query result set too large." },
              },
            ],
          },
        }
      : {}),
  });
}
