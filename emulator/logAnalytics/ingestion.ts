import type { IncomingMessage, ServerResponse } from "node:http";
import { gunzipSync } from "node:zlib";

/**
 * The Logs Ingestion API (`POST {endpoint}/dataCollectionRules/{immutableId}/streams/{stream}`,
 * api-version 2023-01-01), as the data collection endpoint serves it: a bearer token, a JSON
 * array body (gzip when `Content-Encoding: gzip`, as @azure/monitor-ingestion sends it) of at
 * most 1 MB, 204 on success, and errors as `{"error":{"code","message"}}` with
 * `x-ms-error-code`. Like the service, columns the stream does not declare are dropped; the
 * entry of each request says which, so a test sees a schema that drifted from the rule.
 */

const PATH = /^\/dataCollectionRules\/([^/]+)\/streams\/([^/]+)\/?$/i;
const API_VERSIONS = new Set(["2023-01-01"]);
/** The API's limit per call, compressed or not. */
export const MAX_INGESTION_BODY_BYTES = 1024 * 1024;

export type StreamColumnType = "string" | "int" | "long" | "real" | "boolean" | "datetime" | "dynamic";

/** A data collection rule as far as ingestion needs it: its immutable id and the streams it declares. */
export interface IngestionRule {
  immutableId: string;
  streams: Readonly<Record<string, readonly { name: string; type: StreamColumnType }[]>>;
}

export interface IngestionLogEntry {
  ruleId: string;
  stream: string;
  status: number;
  rows: number;
  gzip: boolean;
  /** Columns sent that the stream does not declare (dropped), and values that do not fit their column's type (stored as null). */
  problems: string[];
}

/** Whether a request is for the Logs Ingestion API. */
export function isLogsIngestionRequest(req: IncomingMessage): boolean {
  return /^\/dataCollectionRules\//i.test(req.url ?? "");
}

class IngestionError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export class LogsIngestionStore {
  readonly #rules = new Map<string, IngestionRule>();
  readonly #rows = new Map<string, Record<string, unknown>[]>();
  #throttled: { remaining: number; retryAfterSeconds: number } = { remaining: 0, retryAfterSeconds: 0 };
  readonly requests: IngestionLogEntry[] = [];

  /** Declares a rule, as deploying a data collection rule does. */
  addRule(rule: IngestionRule): void {
    this.#rules.set(rule.immutableId.toLowerCase(), rule);
  }

  rule(immutableId: string): IngestionRule | undefined {
    return this.#rules.get(immutableId.toLowerCase());
  }

  /** The rows a rule's stream received, in arrival order. */
  rows(immutableId: string, stream: string): readonly Record<string, unknown>[] {
    return this.#rows.get(`${immutableId.toLowerCase()}\n${stream}`) ?? [];
  }

  store(immutableId: string, stream: string, rows: readonly Record<string, unknown>[]): void {
    const key = `${immutableId.toLowerCase()}\n${stream}`;
    const held = this.#rows.get(key) ?? [];
    this.#rows.set(key, held);
    held.push(...rows);
  }

  /** The next `count` calls are answered 429 with this Retry-After. */
  throttle(count: number, retryAfterSeconds = 0): void {
    this.#throttled = { remaining: count, retryAfterSeconds };
  }

  takeThrottle(): number | undefined {
    if (this.#throttled.remaining <= 0) return undefined;
    this.#throttled.remaining -= 1;
    return this.#throttled.retryAfterSeconds;
  }

  clear(): void {
    this.#rows.clear();
    this.requests.splice(0, this.requests.length);
    this.#throttled = { remaining: 0, retryAfterSeconds: 0 };
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_INGESTION_BODY_BYTES) throw new IngestionError(413, "ContentLengthLimitExceeded", `Maximum allowed content length: ${MAX_INGESTION_BODY_BYTES} bytes (1 MB).`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function decode(body: Buffer, gzip: boolean): unknown {
  let text: string;
  try {
    const raw = gzip ? gunzipSync(body, { maxOutputLength: MAX_INGESTION_BODY_BYTES }) : body;
    text = raw.toString("utf8");
  } catch {
    throw new IngestionError(400, "InvalidContentEncoding", gzip ? "The body is not valid gzip, or inflates past 1 MB." : "The body could not be read.");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new IngestionError(400, "InvalidPayload", "The body is not valid JSON.");
  }
}

function fits(value: unknown, type: StreamColumnType): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "int":
    case "long":
      return typeof value === "number" && Number.isInteger(value);
    case "real":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "datetime":
      return typeof value === "string" && !Number.isNaN(Date.parse(value));
    case "dynamic":
      return true;
  }
}

/** Each row as the stream keeps it: its declared columns, a value that does not fit its type as null. */
function shape(rows: unknown[], columns: readonly { name: string; type: StreamColumnType }[], problems: string[]): Record<string, unknown>[] {
  const declared = new Map(columns.map((column) => [column.name, column.type]));
  return rows.map((row, index) => {
    if (row === null || typeof row !== "object" || Array.isArray(row)) throw new IngestionError(400, "InvalidPayload", `Item ${index} of the body is not a JSON object.`);
    const kept: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(row)) {
      const type = declared.get(name);
      if (type === undefined) problems.push(`row ${index}: column ${name} is not declared by the stream (dropped)`);
      else if (value !== null && !fits(value, type)) {
        problems.push(`row ${index}: ${name} is not a ${type} (stored as null)`);
        kept[name] = null;
      } else kept[name] = value;
    }
    return kept;
  });
}

function send(res: ServerResponse, status: number, error?: IngestionError, headers: Record<string, string> = {}): void {
  if (!error) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const payload = JSON.stringify({ error: { code: error.code, message: error.message } });
  res.writeHead(status, { ...headers, "content-type": "application/json; charset=utf-8", "x-ms-error-code": error.code, "content-length": Buffer.byteLength(payload) });
  res.end(payload);
}

export async function handleLogsIngestionRequest(store: LogsIngestionStore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "https://ingest.invalid");
  const match = PATH.exec(url.pathname);
  const ruleId = decodeURIComponent(match?.[1] ?? "");
  const stream = decodeURIComponent(match?.[2] ?? "");
  const gzip = /^gzip$/i.test(String(req.headers["content-encoding"] ?? ""));
  const entry: IngestionLogEntry = { ruleId, stream, status: 0, rows: 0, gzip, problems: [] };
  store.requests.push(entry);
  try {
    if (req.method !== "POST" || !match) throw new IngestionError(404, "NotFound", `The requested path ${req.method} ${url.pathname} does not exist.`);
    const apiVersion = url.searchParams.get("api-version");
    if (!apiVersion || !API_VERSIONS.has(apiVersion)) throw new IngestionError(400, "InvalidApiVersion", `The api-version '${apiVersion ?? ""}' is not supported; use 2023-01-01.`);
    if (!/^Bearer\s+\S+/i.test(req.headers.authorization ?? "")) throw new IngestionError(401, "InvalidToken", "An Entra ID bearer token for https://monitor.azure.com is required.");
    const encoding = req.headers["content-encoding"];
    if (encoding !== undefined && !gzip) throw new IngestionError(400, "InvalidContentEncoding", `Content-Encoding '${String(encoding)}' is not supported; send gzip or no encoding.`);
    const rule = store.rule(ruleId);
    if (!rule) throw new IngestionError(404, "InvalidDataCollectionRule", `Data collection rule with immutable id '${ruleId}' not found.`);
    const columns = rule.streams[stream];
    if (!columns) throw new IngestionError(400, "InvalidStream", `Stream '${stream}' is not declared by data collection rule '${ruleId}'.`);
    const retryAfter = store.takeThrottle();
    if (retryAfter !== undefined) {
      entry.status = 429;
      send(res, 429, new IngestionError(429, "TooManyRequests", "The request rate of the data collection rule was exceeded."), { "retry-after": String(retryAfter) });
      return;
    }
    const body = decode(await readBody(req), gzip);
    if (!Array.isArray(body)) throw new IngestionError(400, "InvalidPayload", "The body must be a JSON array of objects.");
    const rows = shape(body, columns, entry.problems);
    store.store(ruleId, stream, rows);
    entry.status = 204;
    entry.rows = rows.length;
    send(res, 204);
  } catch (error) {
    if (!(error instanceof IngestionError)) throw error;
    entry.status = error.status;
    send(res, error.status, error);
  }
}
