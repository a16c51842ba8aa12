import type { IncomingMessage, ServerResponse } from "node:http";
import { normalizePath, segmentsOf } from "../store/ids.ts";
import { ArmError } from "./errors.ts";

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** A request as the ARM routes see it. */
export interface ArmRequest {
  method: string;
  /** Normalised path: repeated slashes collapsed, no trailing slash, no query. */
  path: string;
  /** Percent-decoded path segments in the caller's casing. */
  segments: string[];
  /** Query parameters; look them up with `queryParam` (names are case-insensitive). */
  query: URLSearchParams;
  body: unknown;
}

/**
 * Splits `req.url` by hand: `new URL(req.url, base)` would read a leading `//subscriptions`
 * as a host name and silently drop the segment.
 */
export function splitUrl(url: string): { path: string; query: URLSearchParams } {
  const at = url.indexOf("?");
  const rawPath = at >= 0 ? url.slice(0, at) : url;
  const query = new URLSearchParams(at >= 0 ? url.slice(at + 1) : "");
  return { path: normalizePath(rawPath), query };
}

export function decodeSegments(path: string): string[] {
  return segmentsOf(path).map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      throw new ArmError(400, "InvalidRequestUri", `The path segment '${segment}' is not valid percent-encoding.`);
    }
  });
}

export function queryParam(query: URLSearchParams, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of query) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ArmError(413, "RequestEntityTooLarge", `The request body exceeds ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ArmError(400, "InvalidRequestContent", `The request content was invalid and could not be deserialized: ${(error as Error).message}`);
  }
}

/** Every answer is JSON with `Content-Type: application/json`, errors included: the SDKs break on anything else. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
  });
  res.end(payload);
}
