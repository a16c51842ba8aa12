/**
 * How the outbox treats a failed call:
 * - transient: the sink is down, slow or rate-limited; try again later (after `retryAfterMs` when it said so);
 * - permanent: retrying as is cannot help (bad credentials, unknown repository or project, a refused body).
 */
export type FailureKind = "transient" | "permanent";

export class SinkError extends Error {
  readonly kind: FailureKind;
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(kind: FailureKind, message: string, details: { status?: number; retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "SinkError";
    this.kind = kind;
    if (details.status !== undefined) this.status = details.status;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
  }
}

const TRANSIENT_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT"]);

type HeaderBag = Record<string, string | string[] | number | undefined> | Headers | undefined;

export function headerValue(headers: HeaderBag, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted && value !== undefined) return Array.isArray(value) ? value[0] : String(value);
  }
  return undefined;
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from `now`. */
export function retryAfterMs(headers: HeaderBag, now: number = Date.now()): number | undefined {
  const value = headerValue(headers, "retry-after");
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The error a network failure surfaced as, wherever a client put its code (fetch wraps it in `cause`). */
export function isNetworkFailure(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && typeof current === "object" && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && NETWORK_CODES.has(code)) return true;
    if (current instanceof TypeError && /fetch failed/i.test(current.message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The usual HTTP rule: throttling and server faults pass, anything else needs a person. */
export function httpFailure(system: string, status: number, message: string, headers?: HeaderBag, cause?: unknown): SinkError {
  const kind: FailureKind = TRANSIENT_STATUSES.has(status) ? "transient" : "permanent";
  const wait = retryAfterMs(headers);
  return new SinkError(kind, `${system} answered ${status}: ${message}`, { status, ...(wait !== undefined ? { retryAfterMs: wait } : {}), cause });
}

/** For errors a client threw that carry no HTTP status: a network failure is transient, anything else is ours to fix. */
export function unexpectedFailure(system: string, error: unknown): SinkError {
  if (error instanceof SinkError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SinkError(isNetworkFailure(error) ? "transient" : "permanent", `${system}: ${message}`, { cause: error });
}
