import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CallerIdentity } from "../constants.ts";
import type { ArmCall, ArmState } from "../arm/context.ts";
import { GRAPH_PATH, type GraphService } from "../graph/index.ts";
import { routeArm } from "../arm/routes.ts";
import { callerOf } from "../events/identity.ts";
import type { FaultInjector, FaultKind } from "../reliability/faults.ts";
import type { RequestKind, Throttle } from "../reliability/throttle.ts";
import { ArmError } from "./errors.ts";
import { decodeSegments, parseJsonBody, queryParam, readBody, sendJson, splitUrl } from "./http.ts";

export interface RequestLogEntry {
  /** When the request arrived (ms since the epoch). */
  time: number;
  durationMs: number;
  method: string;
  /** Normalised path, without the query. */
  path: string;
  /** A Key Vault data-plane request's host (`<vault>.vault.localhost`); absent for ARM. */
  host?: string;
  apiVersion?: string;
  /** 0 when the connection was reset instead of answered. */
  status: number;
  userAgent?: string;
  clientRequestId?: string;
  /** The injected fault, when one was. */
  fault?: FaultKind;
  /** Answered 429 by the token bucket (or Resource Graph's quota). */
  throttled?: boolean;
  /** The parsed JSON body of a write. */
  body?: unknown;
}

export interface PipelineDeps {
  state: ArmState;
  throttle: Throttle;
  faults: FaultInjector;
  log: RequestLogEntry[];
  defaultCaller: CallerIdentity;
  graph: GraphService;
}

const API_VERSION = /^\d{4}-\d{2}-\d{2}(-[a-z]+)?$/i;

/**
 * One ARM request, in ARM's order: authentication, api-version, the subscription's token
 * bucket, then the injected fault (decided before any state is touched), then the route.
 * Every answer is logged and carries the remaining-requests header of its kind.
 */
export async function handleRequest(deps: PipelineDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const time = Date.now();
  const method = (req.method ?? "GET").toUpperCase();
  const { path, query } = splitUrl(req.url ?? "/");
  const apiVersion = queryParam(query, "api-version");
  const entry: RequestLogEntry = {
    time,
    durationMs: 0,
    method,
    path,
    ...(apiVersion ? { apiVersion } : {}),
    status: 0,
    ...optionalHeader("userAgent", req.headers["user-agent"]),
    ...optionalHeader("clientRequestId", req.headers["x-ms-client-request-id"]),
  };
  deps.log.push(entry);
  const kind: RequestKind = method === "GET" || method === "HEAD" ? "reads" : "writes";
  const correlationId = headerValue(req.headers["x-ms-correlation-request-id"]) ?? randomUUID();
  const headers: Record<string, string> = { "x-ms-request-id": randomUUID(), "x-ms-correlation-request-id": correlationId };
  const clientRequestId = headerValue(req.headers["x-ms-client-request-id"]);
  if (clientRequestId) headers["x-ms-client-request-id"] = clientRequestId;
  const answer = (status: number, body: unknown, extra: Record<string, string> = {}) => {
    entry.status = status;
    entry.durationMs = Date.now() - time;
    // The client may have gone away (its own timeout, an aborted retry): nothing to answer then.
    if (!res.destroyed && !res.headersSent) sendJson(res, status, body, { ...headers, ...extra });
  };
  try {
    const text = await readBody(req);
    const segments = decodeSegments(path);
    if (!/^Bearer\s+\S+/i.test(headerValue(req.headers.authorization) ?? "")) {
      throw new ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing or is not a bearer token.");
    }
    if (apiVersion === undefined && queryParam(query, "$skiptoken") === undefined) {
      throw new ArmError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
    }
    if (apiVersion !== undefined && !API_VERSION.test(apiVersion)) {
      throw new ArmError(400, "InvalidApiVersionParameter", `The api-version '${apiVersion}' is invalid. The supported format is 'yyyy-mm-dd' or 'yyyy-mm-dd-preview'.`);
    }
    if (method === "POST" && GRAPH_PATH.test(path)) {
      // Resource Graph has its own per-user quota instead of ARM's per-subscription buckets.
      const caller = callerOf(req.headers, deps.defaultCaller);
      const graphAnswer = deps.graph.answer(parseJsonBody(text), caller.oid || caller.appid);
      answer(graphAnswer.status, graphAnswer.body, graphAnswer.headers);
      return;
    }
    const subscription = segments[0]?.toLowerCase() === "subscriptions" && segments[1] ? segments[1] : undefined;
    const decision = deps.throttle.take(subscription ?? "tenant", kind);
    headers[`x-ms-ratelimit-remaining-${subscription ? "subscription" : "tenant"}-${kind}`] = String(Math.min(decision.remaining, 99_999));
    if (!decision.allowed) {
      entry.throttled = true;
      throw new ArmError(
        429,
        "SubscriptionRequestsThrottled",
        `Number of '${kind === "reads" ? "read" : "write"}' requests for subscription '${subscription ?? "tenant"}' exceeded. Please try again after '${decision.retryAfterSeconds}' seconds after additional tokens are available.`,
        { "retry-after": String(decision.retryAfterSeconds) },
      );
    }
    if (deps.faults.latencyMs > 0) await sleep(deps.faults.latencyMs);
    const fault = deps.faults.draw();
    if (fault) {
      entry.fault = fault;
      if (fault === "reset") {
        entry.durationMs = Date.now() - time;
        req.socket.destroy();
        return;
      }
      throw injected(fault, deps.faults.retryAfterSeconds);
    }
    const body = parseJsonBody(text);
    if (kind === "writes" && body !== undefined) entry.body = body;
    const call: ArmCall = { request: { method, path, segments, query, body }, apiVersion, caller: callerOf(req.headers, deps.defaultCaller), correlationId };
    const result = routeArm(deps.state, call);
    answer(result.status, result.body, result.headers);
  } catch (error) {
    if (error instanceof ArmError) answer(error.status, error.body, error.headers);
    else answer(500, { error: { code: "InternalServerError", message: `The emulator failed: ${(error as Error).message}` } });
  }
}

function injected(fault: Exclude<FaultKind, "reset">, retryAfterSeconds: number): ArmError {
  switch (fault) {
    case "429":
      return new ArmError(429, "TooManyRequests", "The request was throttled (injected fault).", { "retry-after": String(retryAfterSeconds) });
    case "500":
      return new ArmError(500, "InternalServerError", "Encountered internal server error (injected fault).");
    case "503":
      return new ArmError(503, "ServiceUnavailable", "The service is temporarily unavailable (injected fault).");
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function optionalHeader<K extends string>(key: K, value: string | string[] | undefined): Partial<Record<K, string>> {
  const v = headerValue(value);
  return v ? ({ [key]: v } as Record<K, string>) : {};
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
